import { describe, expect, it } from "vitest";
import { AvailableIndex } from "../../../../src/engine/state/available-index.ts";
import { QueueMembership } from "../../../../src/engine/state/queue-membership.ts";

/** A tiny deterministic generator (tests must not depend on Math.random). */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 48271) % 2147483647;
    return x % n;
  };
}

interface ModelWorker {
  a: number;
  b: number;
  fileable: Map<string, boolean>;
  takeable: Map<string, boolean>;
}

/** Brute force: members that can take the channel, sorted by (a, b, sid). */
function expected(m: QueueMembership, model: Map<string, ModelWorker>, q: string, c: string): string[] {
  return [...m.membersOf(q)]
    .filter((sid) => model.get(sid)?.fileable.get(c) && model.get(sid)?.takeable.get(c))
    .sort((x, y) => {
      const wx = model.get(x) as ModelWorker;
      const wy = model.get(y) as ModelWorker;
      return wx.a - wy.a || wx.b - wy.b || (x < y ? -1 : x > y ? 1 : 0);
    });
}

function scanAll(idx: AvailableIndex, q: string, c: string): string[] {
  const out: string[] = [];
  idx.list(q, c).scan((sid) => {
    out.push(sid);
    return true;
  });
  return out;
}

describe("AvailableIndex (lazy available sets)", () => {
  it("keeps longest idle first while keys grow, without re-filing on a key change", () => {
    const m = new QueueMembership();
    const idx = new AvailableIndex(m);
    for (const [i, sid] of ["w1", "w2", "w3"].entries()) {
      m.add("q", sid, "A");
      const slot = idx.slot(sid);
      idx.setKey(slot, 0, i, m.queuesOf(sid));
      idx.setChannel(slot, "c", true, true, m.queuesOf(sid));
    }
    expect(scanAll(idx, "q", "c")).toEqual(["w1", "w2", "w3"]);
    const held = idx.list("q", "c").held;
    // w1 gets a reservation: newest key, busy on the channel.
    const w1 = idx.slot("w1");
    idx.setKey(w1, 10, 0, m.queuesOf("w1"));
    idx.setChannel(w1, "c", true, false, m.queuesOf("w1"));
    expect(idx.list("q", "c").held).toBe(held);
    expect(scanAll(idx, "q", "c")).toEqual(["w2", "w3"]);
    // Reservation over: available again, at the end, without any insert.
    idx.setChannel(w1, "c", true, true, m.queuesOf("w1"));
    expect(scanAll(idx, "q", "c")).toEqual(["w2", "w3", "w1"]);
    expect(idx.count("q", "c")).toBe(3);
  });

  it("matches a brute-force model under random operations", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed * 7919);
      const m = new QueueMembership();
      const idx = new AvailableIndex(m);
      const model = new Map<string, ModelWorker>();
      const queues = ["q0", "q1", "q2"];
      const channels = ["c0", "c1"];
      const sync = (sid: string): void => {
        const w = model.get(sid) as ModelWorker;
        const slot = idx.slot(sid);
        idx.setKey(slot, w.a, w.b, m.queuesOf(sid));
        for (const c of channels) {
          const f = w.fileable.get(c) ?? false;
          idx.setChannel(slot, c, f, f && (w.takeable.get(c) ?? false), m.queuesOf(sid));
        }
      };
      let now = 100;
      for (let step = 0; step < 600; step++) {
        const sid = `w${r(25)}`;
        const op = r(10);
        let w = model.get(sid);
        if (!w) {
          w = { a: 0, b: r(50), fileable: new Map(), takeable: new Map() };
          for (const c of channels) {
            w.fileable.set(c, r(4) > 0);
            w.takeable.set(c, r(3) > 0);
          }
          model.set(sid, w);
          sync(sid);
          continue;
        }
        if (op < 3) {
          w.a = now++; // reservation: key grows, busy on one channel
          w.takeable.set(channels[r(2)] as string, false);
        } else if (op === 3) {
          w.b = now++; // activity change: key grows, fileability may flip
          for (const c of channels) w.fileable.set(c, r(3) > 0);
        } else if (op === 4) {
          w.a = r(50); // a key that goes back
        } else if (op === 5) {
          w.takeable.set(channels[r(2)] as string, true);
        } else if (op === 6) {
          const q = queues[r(3)] as string;
          if (m.add(q, sid, "A")) idx.joinQueue(idx.slot(sid), q);
        } else if (op === 7) {
          const q = queues[r(3)] as string;
          if (m.remove(q, sid, "A")) idx.refileAll(idx.slot(sid), m.queuesOf(sid));
        } else if (op === 8) {
          idx.dropWorker(sid);
          for (const q of [...m.queuesOf(sid)]) m.remove(q, sid, "A");
          model.delete(sid);
          continue;
        } else {
          const q = queues[r(3)] as string;
          const c = channels[r(2)] as string;
          expect(scanAll(idx, q, c)).toEqual(expected(m, model, q, c));
        }
        sync(sid);
      }
      for (const q of queues)
        for (const c of channels) {
          const want = expected(m, model, q, c);
          expect(idx.count(q, c)).toBe(want.length);
          expect(scanAll(idx, q, c)).toEqual(want);
          // Dead entries never pile up beyond a constant factor of the live ones.
          expect(idx.list(q, c).held).toBeLessThanOrEqual(2 * Math.max(16, m.membersOf(q).size) + 2);
        }
    }
  });

  it("stops a scan when the visitor says so and drops a removed channel", () => {
    const m = new QueueMembership();
    const idx = new AvailableIndex(m);
    for (let i = 0; i < 5; i++) {
      const sid = `w${i}`;
      m.add("q", sid, "A");
      const slot = idx.slot(sid);
      idx.setKey(slot, i, 0, m.queuesOf(sid));
      idx.setChannel(slot, "c", true, true, m.queuesOf(sid));
    }
    const seen: string[] = [];
    idx.list("q", "c").scan((sid) => {
      seen.push(sid);
      return seen.length < 2;
    });
    expect(seen).toEqual(["w0", "w1"]);
    idx.dropChannel("c");
    expect(idx.takeable("w0", "c")).toBe(false);
    expect(scanAll(idx, "q", "c")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { type TimerKind, TimerQueue } from "../../../../src/engine/state/timer-queue.ts";

describe("TimerQueue (lazy deletion with compaction)", () => {
  it("fires exactly the armed timers in due order under random re-arming (model check)", () => {
    let x = 99;
    const r = (n: number) => {
      x = (x * 48271) % 2147483647;
      return x % n;
    };
    const kinds: TimerKind[] = ["reservation", "step", "ttl", "delete"];
    const q = new TimerQueue();
    const model = new Map<string, { kind: TimerKind; sid: string; at: number }>();
    let now = 0;
    for (let step = 0; step < 5000; step++) {
      const kind = kinds[r(4)] as TimerKind;
      const sid = `S${r(40)}`;
      const op = r(10);
      if (op < 6) {
        const at = now + r(500);
        q.arm(kind, sid, at);
        model.set(`${kind}:${sid}`, { kind, sid, at });
      } else if (op < 8) {
        q.arm(kind, sid, null);
        model.delete(`${kind}:${sid}`);
      } else {
        now += r(100);
        const due = [...model.values()].filter((t) => t.at <= now).map((t) => `${t.kind}:${t.sid}@${t.at}`);
        const fired: string[] = [];
        let prev = -1;
        for (let e = q.takeDue(now); e; e = q.takeDue(now)) {
          expect(e.at).toBeGreaterThanOrEqual(prev);
          prev = e.at;
          fired.push(`${e.kind}:${e.sid}@${e.at}`);
          model.delete(`${e.kind}:${e.sid}`);
        }
        expect(fired.sort()).toEqual(due.sort());
      }
      const next = [...model.values()].reduce((m, t) => Math.min(m, t.at), Number.POSITIVE_INFINITY);
      expect(q.peek()?.at ?? Number.POSITIVE_INFINITY).toBe(next);
    }
  });
});

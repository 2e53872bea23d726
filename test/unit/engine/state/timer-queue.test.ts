import { describe, expect, it } from "vitest";
import { type TaskDue, type TimerKind, TimerQueue } from "../../../../src/engine/state/timer-queue.ts";

const noTimers = (): TaskDue => ({ ttl: null, step: null, delete: null, wrapup: null, overdue: null });

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
    // The task kinds are armed together (armTask) from the task's record of due times.
    const tasks = new Map<string, TaskDue>();
    const arm = (kind: TimerKind, sid: string, at: number | null) => {
      if (kind === "reservation" || kind === "hold") {
        q.arm(kind, sid, at);
        return;
      }
      const due = tasks.get(sid) ?? noTimers();
      due[kind] = at;
      tasks.set(sid, due);
      q.armTask(sid, { ...due });
    };
    let now = 0;
    for (let step = 0; step < 5000; step++) {
      const kind = kinds[r(4)] as TimerKind;
      const sid = `S${r(40)}`;
      const op = r(10);
      if (op < 6) {
        const at = now + r(500);
        arm(kind, sid, at);
        model.set(`${kind}:${sid}`, { kind, sid, at });
      } else if (op < 8) {
        arm(kind, sid, null);
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
          const due = tasks.get(e.sid);
          if (due && e.kind !== "reservation" && e.kind !== "hold") due[e.kind] = null;
        }
        expect(fired.sort()).toEqual(due.sort());
      }
      const next = [...model.values()].reduce((m, t) => Math.min(m, t.at), Number.POSITIVE_INFINITY);
      expect(q.peek()?.at ?? Number.POSITIVE_INFINITY).toBe(next);
    }
  });

  it("arms a task timer again at the time it fired at (a fired timer is no longer armed)", () => {
    const q = new TimerQueue();
    q.armTask("WT1", { ...noTimers(), ttl: 100 });
    expect(q.takeDue(100)?.kind).toBe("ttl");
    q.armTask("WT1", { ...noTimers(), ttl: 100 });
    expect(q.takeDue(100)).toMatchObject({ kind: "ttl", sid: "WT1", at: 100 });
    q.armTask("WT1", noTimers());
    expect(q.peek()).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import type { Worker } from "../../../src/domain/entities.ts";
import { WorkspaceEngine } from "../../../src/engine/workspace-engine.ts";
import { Harness } from "./harness.ts";

describe("restore", () => {
  it("rebuilds timers and indexes from a snapshot and behaves the same afterwards", () => {
    const build = () => {
      const h = new Harness();
      const q1 = h.queue("Q1", "team == 'a'");
      const q2 = h.queue("Q2", "team == 'b'");
      const wf = h.workflow({
        task_routing: {
          filters: [{ expression: "1==1", targets: [{ queue: q1, timeout: 60 }, { queue: q2 }] }],
        },
      });
      const a = h.worker("a", { team: "a" });
      const b = h.worker("b", { team: "b" }, "Offline");
      const t1 = h.task({}, { workflowSid: wf });
      const t2 = h.task({}, { workflowSid: wf, timeout: 300 });
      return { h, q1, q2, a, b, t1, t2 };
    };
    const original = build();
    const copy = build();
    // Restart the copy: a new engine from its snapshot.
    copy.h.engine = WorkspaceEngine.restore(copy.h.deps, copy.h.engine.snapshot(), copy.h.clock.now());
    expect(copy.h.engine.nextWakeAt()).toBe(original.h.engine.nextWakeAt());
    expect([...copy.h.view.queueMembers(copy.q1)].map((w) => w.sid)).toEqual([copy.a]);

    const script = (x: ReturnType<typeof build>) => {
      const seen: string[][] = [];
      // Reservation of t1 times out (120 s) while t2's step (60 s) expires first.
      seen.push(x.h.types(x.h.advance(60)));
      seen.push(x.h.types(x.h.advance(60)));
      seen.push(x.h.types(x.h.setActivity(x.b, "Available")));
      seen.push(x.h.types(x.h.advance(300)));
      return {
        seen,
        t1: x.h.taskOf(x.t1),
        t2: x.h.view.task(x.t2),
        a: (x.h.view.worker(x.a) as Worker).activitySid,
      };
    };
    const r1 = script(original);
    const r2 = script(copy);
    expect(r2.seen).toEqual(r1.seen);
    expect(r2.t1).toEqual(r1.t1);
    expect(r2.t2).toEqual(r1.t2);
    expect(r2.a).toBe(r1.a);
    expect(r1.seen[1]).toContain("reservation.timeout");
  });

  it("fires timers that came due while stopped on the first tick after restore", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("w");
    const t = h.task({}, { workflowSid: wf });
    const snap = h.engine.snapshot();
    h.clock.advance(500_000);
    h.engine = WorkspaceEngine.restore(h.deps, snap, h.clock.now());
    const out = h.exec({ type: "tick" });
    expect(h.types(out)).toEqual(["reservation.timeout", "worker.activity.update", "task-queue.entered"]);
    expect(h.view.worker(w)?.activitySid).toBe(h.activity("Offline"));
    expect(h.taskOf(t).assignmentStatus).toBe("pending");
  });
});

describe("scale", () => {
  it("routing a task does not look at the workers that cannot match", () => {
    const h = new Harness();
    const q = h.queue("Rare", "skill == 'rare'");
    const wf = h.workflow({
      task_routing: {
        filters: [
          { expression: "1==1", targets: [{ queue: q, expression: "worker.level >= task.min_level" }] },
        ],
      },
    });
    const available = h.activity("Available");
    for (let i = 0; i < 20_000; i++) {
      h.engine.execute(
        {
          type: "worker.create",
          friendlyName: `w${i}`,
          activitySid: available,
          attributes: JSON.stringify(
            i % 4000 === 0 ? { skill: "rare", level: i / 4000 } : { skill: "common", level: 1 },
          ),
        },
        h.clock.now(),
      );
    }
    expect([...h.view.queueMembers(q)]).toHaveLength(5);
    const m = h.engine.metrics;
    const before = { ...m };
    const t = h.task({ min_level: 3 }, { workflowSid: wf });
    expect(h.pending(t)).toHaveLength(1);
    expect(m.targetEvaluations - before.targetEvaluations).toBeLessThanOrEqual(5);
    expect(m.candidatesExamined - before.candidatesExamined).toBeLessThanOrEqual(5);
    expect(m.membershipEvaluations - before.membershipEvaluations).toBe(0);
  });
});

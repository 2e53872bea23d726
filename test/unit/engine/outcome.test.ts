import { describe, expect, it } from "vitest";
import { TaskRouterError } from "../../../src/domain/errors.ts";
import { Harness } from "./harness.ts";

function status(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof TaskRouterError) return e.status;
    throw e;
  }
  return 0;
}

describe("outcome bookkeeping", () => {
  it("lists each created or modified entity once", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("alice");
    const out = h.exec({ type: "task.create", workflowSid: wf });
    const keys = out.changed.map((c) => `${c.kind}:${c.sid}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(out.changed.map((c) => c.kind).sort()).toEqual(["reservation", "task", "worker", "workerChannel"]);
    expect(out.changed.find((c) => c.kind === "worker")?.sid).toBe(w);
    expect(out.deleted).toEqual([]);
  });

  it("refuses deletes of things in use, and a refused command changes nothing", () => {
    const h = new Harness();
    const busy = (
      h.exec({ type: "activity.create", friendlyName: "Busy", available: false }).result as { sid: string }
    ).sid;
    const q = h.queue("Q", "1==1", { assignmentActivitySid: busy });
    expect(status(() => h.exec({ type: "activity.delete", sid: busy }))).toBe(409);
    const t = h.task({}, { routingTarget: q });
    expect(status(() => h.exec({ type: "taskQueue.delete", sid: q }))).toBe(409);
    expect(status(() => h.exec({ type: "taskChannel.delete", sid: "default" }))).toBe(409);
    const w = h.worker("alice");
    expect(h.reservedWorker(t)).toBe(w);
    expect(status(() => h.exec({ type: "worker.delete", sid: w }))).toBe(409);
    const before = JSON.stringify(h.engine.snapshot());
    expect(
      status(() => h.exec({ type: "worker.update", sid: w, friendlyName: "bob", attributes: "[]" })),
    ).toBe(400);
    expect(
      status(() =>
        h.exec({
          type: "reservation.update",
          sid: h.pending(t)[0]!.sid,
          reservationStatus: "rejected",
          workerActivitySid: "WA00000000000000000000000000000bad",
        }),
      ),
    ).toBe(400);
    expect(JSON.stringify(h.engine.snapshot())).toBe(before);
    // Routing target: a workflow.
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const t2 = h.task({}, { routingTarget: wf });
    expect(h.taskOf(t2).workflowSid).toBe(wf);
    expect(h.queueOfTask(t2)).toBe(q);
    h.exec({ type: "task.update", sid: t, assignmentStatus: "canceled", reason: "bye" });
    h.exec({ type: "task.update", sid: t2, assignmentStatus: "canceled", reason: "bye" });
    expect(status(() => h.exec({ type: "taskQueue.delete", sid: q }))).toBe(409); // still named by the workflow
    h.exec({ type: "workflow.delete", sid: wf });
    h.exec({ type: "taskQueue.delete", sid: q });
    expect(h.view.taskQueue(q)).toBeUndefined();
  });
});

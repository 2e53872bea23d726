/**
 * Routing holds after failed assignment callbacks (routing/hold.ts): the canceled reservation's task
 * stays pending in its queue but is offered to nobody until the hold's timer fires, from either
 * side (task re-tried, worker freed, another worker arriving); the hold changes no TTL or step.
 */
import { describe, expect, it } from "vitest";
import { Harness } from "./harness.ts";

function setup() {
  const h = new Harness({ multiTaskEnabled: false });
  const q = h.queue("Support");
  const wf = h.workflow(
    { task_routing: { filters: [], default_filter: { queue: q } } },
    { assignmentCallbackUrl: "http://receiver.test/assign" },
  );
  return { h, q, wf };
}

function failCallback(h: Harness, taskSid: string, retryAfterMs?: number) {
  const [res] = h.pending(taskSid);
  if (res === undefined) throw new Error("no pending reservation");
  return h.exec({
    type: "reservation.callbackFailed",
    sid: res.sid,
    reason: "assignment callback: HTTP 500",
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

describe("routing hold after failed assignment callbacks", () => {
  it("keeps the task pending and unoffered until the hold ends, then offers it again", () => {
    const { h, wf, q } = setup();
    const alice = h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    expect(h.pending(t)).toHaveLength(1);
    const out = failCallback(h, t, 5_000);
    const canceled = out.events.find((e) => e.eventType === "reservation.canceled");
    expect(canceled?.description).toMatch(/held back from routing for 5000 ms/);
    expect(canceled?.fields.TasklaneRetryAt).toBe(h.clock.now() + 5_000);
    // Pending in its queue, no new reservation, no new assignment callback.
    expect(h.taskOf(t).assignmentStatus).toBe("pending");
    expect(h.taskOf(t).taskQueueSid).toBe(q);
    expect(h.pending(t)).toHaveLength(0);
    expect(out.effects).toEqual([]);
    expect(h.engine.nextWakeAt()).toBe(h.clock.now() + 5_000);
    // The freed worker, a new worker and a worker update do not pick it up either.
    const bob = h.worker("bob");
    h.setActivity(alice, "Offline");
    h.setActivity(alice, "Available");
    expect(h.pending(t)).toHaveLength(0);
    expect(h.engine.explainTask(t, h.clock.now()).summary).toMatch(
      /^Waiting in queue Support \(held back from routing until .* after failed assignment callbacks\)/,
    );
    expect(h.advance(4.999).effects).toEqual([]);
    const released = h.advance(0.001);
    expect(h.pending(t)).toHaveLength(1);
    expect(released.effects.map((e) => e.type)).toEqual(["assignmentCallback"]);
    expect([alice, bob]).toContain(h.reservedWorker(t));
    expect(h.taskOf(t).assignmentCount).toBe(2);
  });

  it("routes at once without a hold (retryAfterMs absent or 0), as before", () => {
    const { h, wf } = setup();
    h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    failCallback(h, t, 0);
    expect(h.pending(t)).toHaveLength(1);
    failCallback(h, t);
    expect(h.pending(t)).toHaveLength(1);
    expect(h.taskOf(t).assignmentCount).toBe(3);
  });

  it("lets other tasks through while one is held, and the TTL still runs", () => {
    const { h, wf } = setup();
    h.worker("alice");
    const held = h.task({ n: 1 }, { workflowSid: wf, timeout: 60 });
    failCallback(h, held, 120_000);
    // Alice is free again and takes the next task instead.
    const other = h.task({ n: 2 }, { workflowSid: wf });
    expect(h.pending(other)).toHaveLength(1);
    h.advance(60);
    expect(h.taskOf(held).assignmentStatus).toBe("canceled");
    expect(h.taskOf(held).reason).toBe("Task TTL Exceeded");
  });

  it("releases the workflow's held tasks at once when its callback URL changes", () => {
    const { h, wf } = setup();
    h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    failCallback(h, t, 300_000);
    h.exec({ type: "workflow.update", sid: wf, friendlyName: "renamed" });
    expect(h.pending(t)).toHaveLength(0);
    const out = h.exec({
      type: "workflow.update",
      sid: wf,
      assignmentCallbackUrl: "http://fixed.test/assign",
    });
    expect(h.pending(t)).toHaveLength(1);
    expect(out.effects).toMatchObject([{ type: "assignmentCallback", url: "http://fixed.test/assign" }]);
  });
});

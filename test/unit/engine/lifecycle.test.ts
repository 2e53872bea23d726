import { describe, expect, it } from "vitest";
import { Harness } from "./harness.ts";

function setup() {
  const h = new Harness();
  const q = h.queue("Support");
  const wf = h.workflow({ task_routing: { filters: [], default_filter: { queue: q } } });
  return { h, q, wf };
}

describe("task life", () => {
  it("emits TaskRouter's events in order for create, reject, accept, wrapup, complete", () => {
    const { h, wf } = setup();
    const alice = h.worker("alice");
    const bob = h.worker("bob");
    h.exec({ type: "task.create", attributes: '{"type":"support"}', workflowSid: wf });
    expect(h.types()).toEqual([
      "task.created",
      "workflow.entered",
      "workflow.target-matched",
      "task-queue.entered",
      "reservation.created",
    ]);
    const t = h.last.events[0]?.resourceSid as string;
    const first = h.pending(t)[0]!;
    expect(first.workerSid).toBe(alice); // longest idle (created first)
    h.exec({ type: "reservation.update", sid: first.sid, reservationStatus: "rejected" });
    expect(h.types()).toEqual(["reservation.rejected", "task-queue.entered", "reservation.created"]);
    const second = h.pending(t)[0]!;
    expect(second.workerSid).toBe(bob);
    h.accept(second);
    expect(h.types()).toEqual(["reservation.accepted"]);
    expect(h.taskOf(t).assignmentStatus).toBe("assigned");
    h.exec({ type: "task.update", sid: t, assignmentStatus: "wrapping" });
    expect(h.types()).toEqual(["task.wrapup", "reservation.wrapup"]);
    h.exec({ type: "task.update", sid: t, assignmentStatus: "completed", reason: "done" });
    expect(h.types()).toEqual(["task.completed", "reservation.completed"]);
    const completed = h.last.events[0]!;
    expect(completed.fields).toMatchObject({
      TaskSid: t,
      TaskAssignmentStatus: "completed",
      TaskCompletedReason: "done",
      WorkflowSid: wf,
      WorkspaceName: "Test",
      AccountSid: "AC00000000000000000000000000000000",
      TaskChannelUniqueName: "default",
    });
    expect(h.last.events[1]!.fields).toMatchObject({
      ReservationSid: second.sid,
      WorkerSid: bob,
      WorkerName: "bob",
    });
    expect(h.last.changed.map((c) => c.kind).sort()).toEqual(["reservation", "task"]);
    // Terminal tasks disappear after the retention period, without an event.
    const gone = h.advance(5 * 60);
    expect(gone.events).toEqual([]);
    expect(gone.deleted.map((d) => d.kind).sort()).toEqual(["reservation", "reservation", "task"]);
    expect(h.view.task(t)).toBeUndefined();
  });

  it("produces an assignment callback effect with TaskRouter's parameters", () => {
    const h = new Harness();
    const q = h.queue("Support");
    const wf = h.workflow(
      { task_routing: { default_filter: { queue: q } } },
      { assignmentCallbackUrl: "https://x.test/assign" },
    );
    const w = h.worker("alice", { skill: "a" });
    h.clock.advance(3000);
    const out = h.exec({ type: "task.create", attributes: '{"a":1}', workflowSid: wf, priority: 4 });
    expect(out.effects).toHaveLength(1);
    const effect = out.effects[0]!;
    if (effect.type !== "assignmentCallback") throw new Error(`unexpected effect ${effect.type}`);
    expect(effect.url).toBe("https://x.test/assign");
    expect(effect.params).toMatchObject({
      WorkflowSid: wf,
      TaskQueueSid: q,
      WorkerSid: w,
      WorkerName: "alice",
      WorkerAttributes: '{"skill":"a"}',
      TaskAttributes: '{"a":1}',
      TaskAge: "0",
      TaskPriority: "4",
      Timestamp: String(Math.floor(h.clock.now() / 1000)),
    });
  });

  it("refuses to accept twice, and answers 410 for a rescinded reservation", () => {
    const h = new Harness();
    const q = h.queue("Support", "1==1", { maxReservedWorkers: 3 });
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    h.worker("a");
    h.worker("b");
    h.worker("c");
    const t = h.task({}, { workflowSid: wf });
    const [r1, r2, r3] = h.pending(t);
    expect(h.pending(t)).toHaveLength(3);
    h.accept(r2!);
    expect(h.types()).toEqual(["reservation.accepted", "reservation.rescinded", "reservation.rescinded"]);
    expect(h.view.reservation(r1!.sid)?.reservationStatus).toBe("rescinded");
    expect(h.view.reservation(r3!.sid)?.reservationStatus).toBe("rescinded");
    expect(() => h.accept(r1!)).toThrow(expect.objectContaining({ status: 410 }));
    expect(() => h.accept(r2!)).toThrow(
      /is already in state \[accepted\] and cannot be updated to \[accepted\]/,
    );
  });

  it("cancels a pending task at its TTL and frees its reserved worker", () => {
    const { h, wf } = setup();
    const t = h.task({}, { workflowSid: wf, timeout: 30 });
    expect(h.view.task(t)?.assignmentStatus).toBe("pending");
    expect(h.engine.nextWakeAt()).toBe(h.clock.now() + 30_000);
    h.advance(29);
    expect(h.taskOf(t).assignmentStatus).toBe("pending");
    const out = h.advance(1);
    expect(h.types(out)).toEqual(["task.canceled"]);
    expect(h.taskOf(t).reason).toBe("Task TTL Exceeded");
  });

  it("cancels a reserved task at its TTL, canceling the reservation", () => {
    const { h, wf } = setup();
    const w = h.worker("alice");
    h.exec({ type: "workflow.update", sid: wf, taskReservationTimeout: 600 });
    const t = h.task({}, { workflowSid: wf, timeout: 60 });
    expect(h.reservedWorker(t)).toBe(w);
    const out = h.advance(60);
    expect(h.types(out)).toEqual(["task.canceled", "reservation.canceled"]);
    expect(h.view.workerChannelState(h.view.workerChannel(w, "default")!).available).toBe(true);
  });

  it("cancels a task after 1,000 assignments", () => {
    const { h, wf } = setup();
    h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    for (let i = 0; i < 999; i++) {
      h.exec({ type: "reservation.update", sid: h.pending(t)[0]!.sid, reservationStatus: "rejected" });
    }
    expect(h.taskOf(t).assignmentCount).toBe(1000);
    h.exec({ type: "reservation.update", sid: h.pending(t)[0]!.sid, reservationStatus: "rejected" });
    expect(h.taskOf(t).assignmentStatus).toBe("canceled");
    expect(h.taskOf(t).reason).toBe("Max assignment count exceeded");
  });

  it("moves a worker to the timeout activity on reservation timeout and re-routes the task", () => {
    const { h, wf } = setup();
    const alice = h.worker("alice");
    const bob = h.worker("bob");
    const t = h.task({}, { workflowSid: wf });
    expect(h.reservedWorker(t)).toBe(alice);
    const out = h.advance(120);
    expect(h.types(out)).toEqual([
      "reservation.timeout",
      "worker.activity.update",
      "task-queue.entered",
      "reservation.created",
    ]);
    expect(h.view.worker(alice)?.activitySid).toBe(h.activity("Offline"));
    expect(h.reservedWorker(t)).toBe(bob);
    expect(out.events[1]?.fields).toMatchObject({
      WorkerPreviousActivitySid: h.activity("Available"),
      WorkerTimeInPreviousActivity: 120,
    });
  });

  it("rejects with an activity, moving the worker there", () => {
    const { h, wf } = setup();
    const alice = h.worker("alice");
    const bob = h.worker("bob");
    const t = h.task({}, { workflowSid: wf });
    const r = h.pending(t)[0]!;
    h.exec({
      type: "reservation.update",
      sid: r.sid,
      instruction: "reject",
      instructionParams: { WorkerActivitySid: h.activity("Unavailable") },
    });
    expect(h.view.worker(alice)?.activitySid).toBe(h.activity("Unavailable"));
    expect(h.reservedWorker(t)).toBe(bob);
    // When bob also rejects into Offline, the task waits, pending.
    h.exec({
      type: "reservation.update",
      sid: h.pending(t)[0]!.sid,
      reservationStatus: "rejected",
      workerActivitySid: h.activity("Offline"),
    });
    expect(h.taskOf(t).assignmentStatus).toBe("pending");
    // Alice comes back: she gets the task.
    h.setActivity(alice, "Available");
    expect(h.reservedWorker(t)).toBe(alice);
  });

  it("rejects pending reservations when a worker goes unavailable with RejectPendingReservations", () => {
    const { h, wf } = setup();
    const alice = h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    expect(h.reservedWorker(t)).toBe(alice);
    h.setActivity(alice, "Unavailable", true);
    expect(h.types()).toContain("reservation.rejected");
    expect(h.taskOf(t).assignmentStatus).toBe("pending");
    expect(h.pending(t)).toHaveLength(0);
    // Without the flag, the reservation stays with the worker.
    const bob = h.worker("bob");
    expect(h.reservedWorker(t)).toBe(bob);
    h.setActivity(bob, "Unavailable");
    expect(h.reservedWorker(t)).toBe(bob);
  });

  it("records dequeue instructions and applies the post-work activity at completion", () => {
    const { h, wf } = setup();
    const alice = h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    const r = h.pending(t)[0]!;
    h.exec({
      type: "reservation.update",
      sid: r.sid,
      instruction: "dequeue",
      instructionParams: { DequeueFrom: "+15550000", DequeuePostWorkActivitySid: h.activity("Unavailable") },
    });
    expect(h.view.reservation(r.sid)).toMatchObject({
      reservationStatus: "accepted",
      instruction: "dequeue",
    });
    expect(h.view.reservation(r.sid)?.instructionParams?.DequeueFrom).toBe("+15550000");
    h.exec({ type: "task.update", sid: t, assignmentStatus: "completed", reason: "ok" });
    expect(h.view.worker(alice)?.activitySid).toBe(h.activity("Unavailable"));
  });

  it("deletes a task by command with task.deleted and cancels its reservation", () => {
    const { h, wf } = setup();
    h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    const out = h.exec({ type: "task.delete", sid: t });
    expect(h.types(out)).toEqual(["reservation.canceled", "task.deleted"]);
    expect(out.deleted.map((d) => d.kind).sort()).toEqual(["reservation", "task"]);
  });

  it("system-deletes an assigned task after its lifetime", () => {
    const { h, wf } = setup();
    const w = h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    h.accept(h.pending(t)[0]!);
    const out = h.advance(24 * 3600);
    expect(h.types(out)).toEqual(["task.system-deleted"]);
    expect(h.view.task(t)).toBeUndefined();
    expect(h.view.workerChannelState(h.view.workerChannel(w, "default")!).assignedTasks).toBe(0);
  });
});

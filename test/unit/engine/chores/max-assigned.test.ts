/** TasklaneMaxAssigned: an assigned (or wrapping) task N seconds after acceptance is flagged, then acted on. */
import { describe, expect, it } from "vitest";
import type { MaxAssignedAction } from "../../../../src/domain/entities.ts";
import { WorkspaceEngine } from "../../../../src/engine/workspace-engine.ts";
import { Harness } from "../harness.ts";

function setup(action?: MaxAssignedAction) {
  const h = new Harness();
  h.exec({ type: "workspace.update", maxAssignedSeconds: 3600, maxAssignedAction: action });
  const q = h.queue("Support");
  const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
  const worker = h.worker("alice");
  const task = h.task({}, { workflowSid: wf });
  return { h, wf, worker, task };
}

describe("maximum assigned time", () => {
  it("is off by default", () => {
    const h = new Harness();
    const q = h.queue("Support");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    h.worker("alice");
    const task = h.task({}, { workflowSid: wf });
    h.accept(h.pending(task)[0]!);
    h.advance(20 * 3600);
    expect(h.log.map((e) => e.eventType)).not.toContain("task.assigned-overdue");
    expect(h.taskOf(task).assignmentStatus).toBe("assigned");
  });

  it("flag: one task.assigned-overdue event counted from acceptance, the task left as it is", () => {
    const { h, task } = setup();
    h.advance(100); // the time before acceptance does not count
    h.accept(h.pending(task)[0]!);
    expect(h.advance(3599).events).toEqual([]);
    const fired = h.advance(1);
    expect(h.types(fired)).toEqual(["task.assigned-overdue"]);
    expect(fired.events[0]).toMatchObject({ resourceType: "Task", resourceSid: task });
    expect(fired.events[0]?.fields).toMatchObject({
      TaskSid: task,
      TaskAssignmentStatus: "assigned",
      TasklaneMaxAssigned: 3600,
      TasklaneAssignedSeconds: 3600,
      TasklaneAction: "flag",
    });
    expect(h.taskOf(task)).toMatchObject({ assignmentStatus: "assigned", overdueAt: h.clock.now() });
    // Once per task: wrapping later, or a changed setting, does not flag it again.
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.exec({ type: "workspace.update", maxAssignedSeconds: 7200 });
    h.advance(7200);
    expect(h.log.filter((e) => e.eventType === "task.assigned-overdue")).toHaveLength(1);
  });

  it("complete: completes the task with its reason and frees the worker", () => {
    const { h, task, worker, wf } = setup("complete");
    h.accept(h.pending(task)[0]!);
    const fired = h.advance(3600);
    expect(h.types(fired)).toEqual(["task.assigned-overdue", "task.completed", "reservation.completed"]);
    expect(fired.events[1]?.fields).toMatchObject({ TaskCompletedReason: "Max Assigned Time Exceeded" });
    expect(h.taskOf(task).assignmentStatus).toBe("completed");
    const next = h.task({}, { workflowSid: wf });
    expect(h.reservedWorker(next)).toBe(worker);
  });

  it("cancel: cancels the assigned task and its reservation (a Tasklane move), capacity back", () => {
    const { h, task, worker, wf } = setup("cancel");
    const res = h.pending(task)[0]!;
    h.accept(res);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    const fired = h.advance(3600);
    expect(h.types(fired)).toEqual(["task.assigned-overdue", "task.canceled", "reservation.canceled"]);
    expect(fired.events[1]?.fields).toMatchObject({
      TaskAssignmentStatus: "canceled",
      TaskCanceledReason: "Max Assigned Time Exceeded",
    });
    expect(h.taskOf(task).assignmentStatus).toBe("canceled");
    expect(h.view.reservation(res.sid)?.reservationStatus).toBe("canceled");
    const next = h.task({}, { workflowSid: wf });
    expect(h.reservedWorker(next)).toBe(worker);
    // The API still cannot cancel an assigned task.
    const other = h.task({}, { workflowSid: wf });
    h.accept(h.pending(next)[0]!);
    expect(() =>
      h.exec({ type: "task.update", sid: next, assignmentStatus: "canceled", reason: "no" }),
    ).toThrow(/cannot be updated to \[canceled\]/);
    expect(h.pending(other)).toHaveLength(0);
  });

  it("whichever falls due first acts: a wrap-up limit before the maximum", () => {
    const { h, task } = setup("complete");
    h.exec({ type: "taskChannel.update", sid: "default", wrapUpLimitSeconds: 60 });
    h.accept(h.pending(task)[0]!);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.advance(60);
    expect(h.taskOf(task).reason).toBe("Wrap-up Limit Exceeded");
    h.advance(3600);
    expect(h.log.map((e) => e.eventType)).not.toContain("task.assigned-overdue");
  });

  it("applies to tasks already assigned when it is set, and is re-armed after a restart", () => {
    const h = new Harness();
    const q = h.queue("Support");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    h.worker("alice");
    const task = h.task({}, { workflowSid: wf });
    h.accept(h.pending(task)[0]!);
    h.advance(1000);
    h.exec({ type: "workspace.update", maxAssignedSeconds: 1800, maxAssignedAction: "complete" });
    const snapshot = h.engine.snapshot();
    h.engine = WorkspaceEngine.restore(h.deps, snapshot, h.clock.now());
    expect(h.engine.nextWakeAt()).toBe(h.taskOf(task).assignedAt! + 1_800_000);
    h.advance(800);
    expect(h.taskOf(task)).toMatchObject({
      assignmentStatus: "completed",
      reason: "Max Assigned Time Exceeded",
    });
  });

  it("refuses bad settings with the parameter named and changes nothing", () => {
    const h = new Harness();
    expect(() => h.exec({ type: "workspace.update", maxAssignedSeconds: 0 })).toThrow(/TasklaneMaxAssigned/);
    expect(() =>
      h.exec({ type: "workspace.update", maxAssignedAction: "delete" as MaxAssignedAction }),
    ).toThrow(/TasklaneMaxAssignedAction.*flag, complete, cancel/);
    expect(() =>
      h.exec({ type: "workspace.update", friendlyName: "Renamed", maxAssignedSeconds: 100_000 }),
    ).toThrow(/TasklaneMaxAssigned/);
    expect(h.view.workspace).toMatchObject({ friendlyName: "Test" });
    expect(h.view.workspace.maxAssignedSeconds ?? null).toBeNull();
  });
});

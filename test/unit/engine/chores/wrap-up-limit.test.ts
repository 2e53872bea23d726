/** TasklaneWrapUpLimit: a wrapping task of the channel is completed N seconds after its wrap-up began. */
import { describe, expect, it } from "vitest";
import { WorkspaceEngine } from "../../../../src/engine/workspace-engine.ts";
import { Harness } from "../harness.ts";

function assignedTask(h: Harness, channel = "voice") {
  const q = h.queue("Support");
  const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
  const worker = h.worker("alice");
  const task = h.task({}, { workflowSid: wf, taskChannel: channel });
  h.accept(h.pending(task)[0]!);
  return { task, worker };
}

describe("wrap-up limit", () => {
  it("is off by default: a wrapping task stays wrapping", () => {
    const h = new Harness();
    const { task } = assignedTask(h);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.advance(3600);
    expect(h.taskOf(task).assignmentStatus).toBe("wrapping");
    expect(h.engine.nextWakeAt()).toBe(h.taskOf(task).deleteAt);
  });

  it("completes the task with a reason when the limit passes, counted from the start of wrap-up", () => {
    const h = new Harness();
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: 30 });
    expect(h.view.taskChannel("voice")?.wrapUpLimitSeconds).toBe(30);
    const { task, worker } = assignedTask(h);
    h.advance(100); // assigned time does not count
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    expect(h.engine.nextWakeAt()).toBe(h.clock.now() + 30_000);
    expect(h.advance(29).events).toEqual([]);
    const fired = h.advance(1);
    expect(h.types(fired)).toEqual(["task.completed", "reservation.completed"]);
    expect(fired.events[0]?.fields).toMatchObject({
      TaskAssignmentStatus: "completed",
      TaskCompletedReason: "Wrap-up Limit Exceeded",
    });
    expect(h.taskOf(task)).toMatchObject({ assignmentStatus: "completed", reason: "Wrap-up Limit Exceeded" });
    expect(h.view.workerChannelState(h.view.workerChannel(worker, "voice")!).available).toBe(true);
  });

  it("applies only to its own channel", () => {
    const h = new Harness();
    h.exec({ type: "taskChannel.update", sid: "chat", wrapUpLimitSeconds: 10 });
    const { task } = assignedTask(h, "voice");
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.advance(60);
    expect(h.taskOf(task).assignmentStatus).toBe("wrapping");
  });

  it("is disarmed by an earlier completion", () => {
    const h = new Harness();
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: 30 });
    const { task } = assignedTask(h);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.advance(10);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "completed", reason: "by hand" });
    expect(h.advance(30).events).toEqual([]);
    expect(h.taskOf(task).reason).toBe("by hand");
  });

  it("re-arms wrapping tasks when the limit changes: lowering it below the time spent completes at once", () => {
    const h = new Harness();
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: 600 });
    const { task } = assignedTask(h);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.advance(60);
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: 30 });
    expect(h.engine.nextWakeAt()).toBeLessThanOrEqual(h.clock.now());
    expect(h.types(h.advance(0))).toEqual(["task.completed", "reservation.completed"]);
  });

  it("clearing the limit (null) stops the timer", () => {
    const h = new Harness();
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: 30 });
    const { task } = assignedTask(h);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: null });
    h.advance(120);
    expect(h.taskOf(task).assignmentStatus).toBe("wrapping");
  });

  it("survives a restart: the timer is re-armed from the task, and a passed limit fires at the first tick", () => {
    const h = new Harness();
    h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: 30 });
    const { task } = assignedTask(h);
    h.exec({ type: "task.update", sid: task, assignmentStatus: "wrapping" });
    const snapshot = h.engine.snapshot();
    h.clock.advance(45_000);
    h.engine = WorkspaceEngine.restore(h.deps, snapshot, h.clock.now());
    expect(h.engine.nextWakeAt()).toBeLessThan(h.clock.now());
    expect(h.types(h.exec({ type: "tick" }))).toEqual(["task.completed", "reservation.completed"]);
  });

  it("refuses a limit out of range, naming the parameter, and changes nothing", () => {
    const h = new Harness();
    for (const bad of [0, -1, 1.5, 86_401]) {
      expect(() => h.exec({ type: "taskChannel.update", sid: "voice", wrapUpLimitSeconds: bad })).toThrow(
        /TasklaneWrapUpLimit/,
      );
      expect(() =>
        h.exec({ type: "taskChannel.create", friendlyName: "X", uniqueName: "x", wrapUpLimitSeconds: bad }),
      ).toThrow(/TasklaneWrapUpLimit/);
    }
    expect(h.view.taskChannel("voice")?.wrapUpLimitSeconds ?? null).toBeNull();
    expect(h.view.taskChannel("x")).toBeUndefined();
    const created = h.exec({
      type: "taskChannel.create",
      friendlyName: "Email",
      uniqueName: "email",
      wrapUpLimitSeconds: 90,
    });
    expect(created.result).toMatchObject({ uniqueName: "email", wrapUpLimitSeconds: 90 });
  });
});

/** A task's position in its queue and the wait estimate from recent history (pure parts). */
import { describe, expect, it } from "vitest";
import { estimateWait, queuePositionOf } from "../../../../src/engine/chores/position.ts";
import { WorkspaceState } from "../../../../src/engine/state/workspace-state.ts";
import { Harness } from "../harness.ts";

function position(h: Harness, task: string) {
  const s = h.view;
  if (!(s instanceof WorkspaceState)) throw new Error("engine state expected");
  return queuePositionOf(s, h.taskOf(task), h.clock.now());
}

describe("queue position", () => {
  it("counts pending tasks of the same queue and channel ahead in queue order (priority, then age)", () => {
    const h = new Harness();
    const q = h.queue("Support");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const a = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    h.advance(10);
    const b = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    h.advance(10);
    const chat = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const urgent = h.task({}, { workflowSid: wf, taskChannel: "voice", priority: 5 });
    expect(position(h, urgent)).toMatchObject({ position: 1, tasksAhead: 0, tasksWaiting: 3 });
    expect(position(h, a)).toMatchObject({ position: 2, tasksAhead: 1, tasksWaiting: 3 });
    expect(position(h, b)).toMatchObject({
      position: 3,
      tasksAhead: 2,
      taskQueueSid: q,
      taskQueueName: "Support",
      taskChannelUniqueName: "voice",
      secondsInQueue: 10,
    });
    expect(position(h, chat)).toMatchObject({ position: 1, tasksWaiting: 1 });
  });

  it("LIFO queues put the newest first; a reserved task is at 0; an assigned one has no position", () => {
    const h = new Harness();
    const q = h.queue("Callbacks", "1==1", { taskOrder: "LIFO" });
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const old = h.task({}, { workflowSid: wf });
    h.advance(5);
    const recent = h.task({}, { workflowSid: wf });
    expect(position(h, recent).position).toBe(1);
    expect(position(h, old).position).toBe(2);
    h.worker("alice");
    expect(h.pending(recent)).toHaveLength(1);
    expect(position(h, recent)).toMatchObject({ assignmentStatus: "reserved", position: 0, tasksAhead: 0 });
    expect(position(h, old)).toMatchObject({ position: 1, tasksWaiting: 1 });
    h.accept(h.pending(recent)[0]!);
    expect(position(h, recent)).toMatchObject({ position: null, tasksAhead: null, tasksWaiting: null });
  });

  it("a task routed to a worker has no queue position", () => {
    const h = new Harness();
    const worker = h.worker("bob", {}, "Offline");
    const t = h.task({}, { routingTarget: worker });
    expect(position(h, t)).toMatchObject({ position: null, taskQueueSid: null });
  });
});

describe("wait estimate", () => {
  const at = (pos: number | null, ahead: number | null) => ({
    taskSid: "WT1",
    assignmentStatus: "pending" as const,
    taskQueueSid: "WQ1",
    taskQueueName: "Q",
    taskChannelUniqueName: "voice",
    position: pos,
    tasksAhead: ahead,
    tasksWaiting: 9,
    secondsInQueue: 0,
  });

  it("is (tasks ahead + 1) × the recent time per acceptance, with the recent average wait beside it", () => {
    const history = { windowSeconds: 900, accepted: 18, waitSeconds: 18 * 95 };
    expect(estimateWait(at(3, 2), history)).toEqual({
      estimatedWaitSeconds: 150,
      secondsPerAcceptance: 50,
      averageWaitSeconds: 95,
    });
  });

  it("is null without acceptances in the window, 0 for a reserved task, null without a position", () => {
    const none = { windowSeconds: 900, accepted: 0, waitSeconds: 0 };
    expect(estimateWait(at(1, 0), none)).toEqual({
      estimatedWaitSeconds: null,
      secondsPerAcceptance: null,
      averageWaitSeconds: null,
    });
    expect(estimateWait(at(0, 0), none).estimatedWaitSeconds).toBe(0);
    expect(estimateWait(at(null, null), { ...none, accepted: 3 }).estimatedWaitSeconds).toBeNull();
  });
});

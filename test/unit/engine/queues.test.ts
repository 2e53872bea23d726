import { describe, expect, it } from "vitest";
import { WorkspaceEngine } from "../../../src/engine/workspace-engine.ts";
import { Harness } from "./harness.ts";

describe("queues and workers", () => {
  it("serves FIFO by priority then age, LIFO newest first ignoring priority", () => {
    const h = new Harness();
    const fifo = h.queue("FIFO");
    const lifo = h.queue("LIFO", "1==1", { taskOrder: "LIFO" });
    const wfF = h.workflow({ task_routing: { default_filter: { queue: fifo } } });
    const wfL = h.workflow({ task_routing: { default_filter: { queue: lifo } } });
    const f1 = h.task({}, { workflowSid: wfF, priority: 1 });
    h.clock.advance(1000);
    const f2 = h.task({}, { workflowSid: wfF, priority: 5 });
    h.clock.advance(1000);
    const f3 = h.task({}, { workflowSid: wfF, priority: 5 });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const w = h.worker(`fw${i}`);
      const t = [f1, f2, f3].find((x) => h.pending(x)[0]?.workerSid === w);
      order.push(t as string);
    }
    expect(order).toEqual([f2, f3, f1]);

    const l1 = h.task({}, { workflowSid: wfL, priority: 9 });
    h.clock.advance(1000);
    const l2 = h.task({}, { workflowSid: wfL, priority: 0 });
    const lw = h.worker("lw");
    expect(h.pending(l2)[0]?.workerSid).toBe(lw);
    expect(h.pending(l1)).toHaveLength(0);
  });

  it("uses prioritizeQueueOrder when a freed worker is in both FIFO and LIFO queues", () => {
    for (const order of ["FIFO", "LIFO"] as const) {
      const h = new Harness({ prioritizeQueueOrder: order });
      const fifo = h.queue("FIFO");
      const lifo = h.queue("LIFO", "1==1", { taskOrder: "LIFO" });
      const tf = h.task(
        {},
        { workflowSid: h.workflow({ task_routing: { default_filter: { queue: fifo } } }) },
      );
      const tl = h.task(
        {},
        { workflowSid: h.workflow({ task_routing: { default_filter: { queue: lifo } } }) },
      );
      const w = h.worker("both");
      expect(h.pending(order === "FIFO" ? tf : tl)[0]?.workerSid).toBe(w);
      expect(h.pending(order === "FIFO" ? tl : tf)).toHaveLength(0);
    }
  });

  it("holds capacity per channel: 2 chats and 1 voice at once", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("multi");
    h.exec({ type: "workerChannel.update", workerSid: w, sid: "chat", capacity: 2 });
    expect(h.types()).toEqual(["worker.capacity.update"]);
    expect(h.last.events[0]?.fields).toMatchObject({
      WorkerChannelPreviousCapacity: 1,
      TaskChannelUniqueName: "chat",
    });
    const c1 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const c2 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const c3 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const v1 = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    const v2 = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect([c1, c2, c3, v1, v2].map((t) => h.pending(t).length)).toEqual([1, 1, 0, 1, 0]);
    const chat = h.view.workerChannel(w, "chat")!;
    expect(h.view.workerChannelState(chat)).toMatchObject({
      availableCapacityPercentage: 0,
      available: false,
    });
    // Accepting keeps the capacity; completing frees it and the next chat is offered.
    h.accept(h.pending(c1)[0]!);
    expect(h.pending(c3)).toHaveLength(0);
    expect(h.view.workerChannelState(chat).assignedTasks).toBe(1);
    h.exec({ type: "task.update", sid: c1, assignmentStatus: "completed", reason: "ok" });
    expect(h.pending(c3)[0]?.workerSid).toBe(w);
    // Disabling the channel stops new chats.
    h.exec({ type: "workerChannel.update", workerSid: w, sid: "voice", available: false });
    h.exec({ type: "task.update", sid: v1, assignmentStatus: "canceled", reason: "x" });
    expect(h.pending(v2)).toHaveLength(0);
    h.exec({ type: "workerChannel.update", workerSid: w, sid: "voice", available: true });
    expect(h.pending(v2)[0]?.workerSid).toBe(w);
  });

  it("a restored workspace holds the same capacity: the worker records are rebuilt from the reservations", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("multi");
    h.exec({ type: "workerChannel.update", workerSid: w, sid: "chat", capacity: 2 });
    const c1 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const c2 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    h.accept(h.pending(c1)[0]!);
    h.engine = WorkspaceEngine.restore(h.deps, h.engine.snapshot(), h.clock.now());
    const chat = h.view.workerChannel(w, "chat")!;
    // One accepted and one pending reservation still hold both chat slots.
    expect(h.view.workerChannelState(chat)).toMatchObject({ assignedTasks: 1, available: false });
    expect(h.view.reservationsOfWorker(w).map((r) => r.taskSid)).toEqual([c1, c2]);
    const c3 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    expect(h.pending(c3)).toHaveLength(0);
    expect(() => h.exec({ type: "worker.delete", sid: w })).toThrow(/holds 2 active Reservation/);
    h.exec({ type: "task.update", sid: c1, assignmentStatus: "completed", reason: "ok" });
    expect(h.pending(c3)[0]?.workerSid).toBe(w);
  });

  it("re-binds members when a worker's attributes or the queue's TargetWorkers change", () => {
    const h = new Harness();
    const q = h.queue("Spanish", "languages HAS 'es'");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("ana", { languages: ["en"] });
    expect([...h.view.queueMembers(q)]).toHaveLength(0);
    const t = h.task({}, { workflowSid: wf });
    expect(h.pending(t)).toHaveLength(0);
    h.exec({ type: "worker.update", sid: w, attributes: '{"languages":["en","es"]}' });
    expect([...h.view.queuesOfWorker(w)].map((x) => x.sid)).toEqual([q]);
    expect(h.reservedWorker(t)).toBe(w);
    const other = h.worker("olaf", { languages: ["de"] });
    const t2 = h.task({}, { workflowSid: wf });
    expect(h.pending(t2)).toHaveLength(0);
    h.exec({ type: "taskQueue.update", sid: q, targetWorkers: "languages HAS 'de'" });
    expect(h.types()).toContain("task-queue.expression.updated");
    expect([...h.view.queueMembers(q)].map((x) => x.sid)).toEqual([other]);
    expect(h.reservedWorker(t2)).toBe(other);
  });

  it("single-tasking: capacity 1 over all channels, reservation and assignment activities", () => {
    const h = new Harness({ multiTaskEnabled: false });
    const reserved = (
      h.exec({ type: "activity.create", friendlyName: "Reserved", available: false }).result as {
        sid: string;
      }
    ).sid;
    const busy = (
      h.exec({ type: "activity.create", friendlyName: "Busy", available: false }).result as { sid: string }
    ).sid;
    const q = h.queue("Q", "1==1", { reservationActivitySid: reserved, assignmentActivitySid: busy });
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("solo");
    const t = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect(h.view.worker(w)?.activitySid).toBe(reserved);
    const t2 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    expect(h.pending(t2)).toHaveLength(0);
    h.accept(h.pending(t)[0]!);
    expect(h.view.worker(w)?.activitySid).toBe(busy);
    h.exec({ type: "task.update", sid: t, assignmentStatus: "completed", reason: "ok" });
    h.setActivity(w, "Available");
    expect(h.reservedWorker(t2)).toBe(w);
    // Rejecting without an activity returns the worker to the one before the reservation.
    h.exec({ type: "reservation.update", sid: h.pending(t2)[0]!.sid, reservationStatus: "rejected" });
    expect(h.view.worker(w)?.activitySid).toBe(reserved); // re-reserved at once after returning to Available
    expect(h.reservedWorker(t2)).toBe(w);
  });

  it("multitasking never changes the worker activity on reserve or accept", () => {
    const h = new Harness();
    const busy = (
      h.exec({ type: "activity.create", friendlyName: "Busy", available: false }).result as { sid: string }
    ).sid;
    const q = h.queue("Q", "1==1", { assignmentActivitySid: busy, reservationActivitySid: busy });
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("m");
    const t = h.task({}, { workflowSid: wf });
    h.accept(h.pending(t)[0]!);
    expect(h.view.worker(w)?.activitySid).toBe(h.activity("Available"));
  });

  it("picks the longest-idle worker first", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const a = h.worker("a");
    const b = h.worker("b");
    const t1 = h.task({}, { workflowSid: wf });
    expect(h.reservedWorker(t1)).toBe(a);
    h.accept(h.pending(t1)[0]!);
    h.exec({ type: "task.update", sid: t1, assignmentStatus: "completed", reason: "ok" });
    h.clock.advance(1000);
    const t2 = h.task({}, { workflowSid: wf });
    expect(h.reservedWorker(t2)).toBe(b);
  });

  it("routes directly to a worker, ignoring capacity by default", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const w = h.worker("busy", {}, "Offline");
    const t = h.task({}, { routingTarget: w });
    expect(h.reservedWorker(t)).toBe(w);
    const t2 = h.task({}, { routingTarget: w, ignoreCapacity: false });
    expect(h.pending(t2)).toHaveLength(0);
    h.exec({ type: "reservation.update", sid: h.pending(t)[0]!.sid, reservationStatus: "accepted" });
    h.exec({ type: "task.update", sid: t, assignmentStatus: "completed", reason: "ok" });
    h.setActivity(w, "Available");
    expect(h.reservedWorker(t2)).toBe(w);
    const t3 = h.task({}, { routingTarget: q });
    expect(h.queueOfTask(t3)).toBe(q);
    expect(h.taskOf(t3).workflowSid).toBeNull();
    expect(wf).toMatch(/^WW/);
  });

  it("refuses a TargetWorkers that reads task. keys (it would match no worker), on create and update", () => {
    const h = new Harness();
    const expected = expect.objectContaining({
      code: 20001,
      status: 400,
      message: expect.stringMatching(
        /TargetWorkers: task\.\w+ reads the task.*workflow target's "expression"/,
      ),
    });
    expect(() => h.queue("Q", '"skills" IN task.required_skills')).toThrow(expected);
    const q = h.queue("Q", '"skills" HAS "english"');
    expect(() =>
      h.exec({ type: "taskQueue.update", sid: q, targetWorkers: "task.language == 'en'" }),
    ).toThrow(expected);
    // A worker attribute that merely contains the word stays fine.
    expect(h.queue("T", 'tasks HAS "x" OR taskType == 1')).toMatch(/^WQ/);
  });
});

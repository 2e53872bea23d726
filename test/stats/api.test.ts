/**
 * Every statistics operation through the official twilio SDK, on a real server with a simulated
 * clock: a scripted day in one queue (reserve, accept after 15 s, cancel after 20 s, a reservation
 * timeout) and the figures each endpoint must show for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
let wsSid: string;
let queueSid: string;
let workflowSid: string;
let alice: string;
let bob: string;
let available: string;
let offline: string;
let waitingTask: string;

type Ws = ReturnType<TestServer["client"]["taskrouter"]["v1"]["workspaces"]>;
let ws: Ws;

beforeAll(async () => {
  t = await startTestServer({ database: "sqlite", clock: new SimulatedClock() });
  const created = await t.client.taskrouter.v1.workspaces.create({ friendlyName: "stats" });
  wsSid = created.sid;
  ws = t.client.taskrouter.v1.workspaces(wsSid);
  const activities = await ws.activities.list();
  available = activities.find((a) => a.friendlyName === "Available")?.sid ?? "";
  offline = activities.find((a) => a.friendlyName === "Offline")?.sid ?? "";
  const queue = await ws.taskQueues.create({ friendlyName: "English", targetWorkers: 'skills HAS "en"' });
  queueSid = queue.sid;
  const wf = await ws.workflows.create({
    friendlyName: "Support",
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queueSid } } }),
    taskReservationTimeout: 30,
  });
  workflowSid = wf.sid;
  alice = (
    await ws.workers.create({
      friendlyName: "alice",
      attributes: '{"skills":["en"]}',
      activitySid: available,
    })
  ).sid;
  bob = (
    await ws.workers.create({ friendlyName: "bob", attributes: '{"skills":["en"]}', activitySid: offline })
  ).sid;
  await ws.workers.create({ friendlyName: "carol", attributes: '{"skills":["fr"]}', activitySid: available });

  // t1: reserved to alice at once, accepted 15 s later.
  const t1 = await ws.tasks.create({ workflowSid, attributes: "{}", priority: 5 });
  await t.advance(10_000);
  // t2: waits (alice is busy on the default channel).
  waitingTask = (await ws.tasks.create({ workflowSid, attributes: "{}", priority: 1 })).sid;
  await t.advance(5_000);
  const [r1] = await ws.tasks(t1.sid).reservations.list({ reservationStatus: "pending" });
  await ws
    .tasks(t1.sid)
    .reservations(r1?.sid ?? "")
    .update({ reservationStatus: "accepted" });
  // t3: canceled after 20 s.
  const t3 = await ws.tasks.create({ workflowSid, attributes: "{}", taskChannel: "chat" });
  await t.advance(20_000);
  await ws.tasks(t3.sid).update({ assignmentStatus: "canceled", reason: "caller hung up" });
}, 30_000);

afterAll(async () => {
  await t.close();
});

describe("TaskQueue statistics", () => {
  it("real-time: tasks by status and priority, longest waiting, eligible and available workers", async () => {
    const rt = await ws.taskQueues(queueSid).realTimeStatistics().fetch();
    expect(rt.totalTasks).toBe(2);
    expect(rt.tasksByStatus).toEqual({ pending: 1, reserved: 0, assigned: 1, wrapping: 0 });
    expect(rt.tasksByPriority).toEqual({ "1": 1, "5": 1 });
    expect(rt.longestTaskWaitingSid).toBe(waitingTask);
    expect(rt.longestTaskWaitingAge).toBe(25);
    expect(rt.longestRelativeTaskSidInQueue).toBe(waitingTask);
    expect(rt.longestRelativeTaskAgeInQueue).toBe(25);
    expect(rt.totalEligibleWorkers).toBe(2);
    expect(rt.totalAvailableWorkers).toBe(1);
    const byName = Object.fromEntries(rt.activityStatistics.map((a) => [a.friendly_name, a.workers]));
    expect(byName).toMatchObject({ Available: 1, Offline: 1, Unavailable: 0 });
    expect(rt.taskQueueSid).toBe(queueSid);
    expect(rt.workspaceSid).toBe(wsSid);
    expect(rt.url).toMatch(new RegExp(`/v1/Workspaces/${wsSid}/TaskQueues/${queueSid}/RealTimeStatistics$`));
  });

  it("real-time with TaskChannel narrows tasks and counts members free on that channel", async () => {
    const voice = await ws.taskQueues(queueSid).realTimeStatistics().fetch({ taskChannel: "default" });
    expect(voice.totalTasks).toBe(2);
    expect(voice.totalAvailableWorkers).toBe(0); // alice holds her only default-channel slot
    const chat = await ws.taskQueues(queueSid).realTimeStatistics().fetch({ taskChannel: "chat" });
    expect(chat.totalTasks).toBe(0);
    expect(chat.totalAvailableWorkers).toBe(1);
    await expect(
      ws.taskQueues(queueSid).realTimeStatistics().fetch({ taskChannel: "nope" }),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it("cumulative: reservations, tasks, wait durations, split by wait time", async () => {
    const c = await ws
      .taskQueues(queueSid)
      .cumulativeStatistics()
      .fetch({ minutes: 5, splitByWaitTime: "10,20" });
    // t3 was offered to alice on her free chat slot, then canceled with its task.
    expect(c.reservationsCreated).toBe(2);
    expect(c.reservationsAccepted).toBe(1);
    expect(c.reservationsCanceled).toBe(1);
    expect(c.tasksEntered).toBe(3);
    expect(c.tasksCanceled).toBe(1);
    expect(c.tasksCompleted).toBe(0);
    expect(c.avgTaskAcceptanceTime).toBe(15);
    expect(c.waitDurationUntilAccepted).toEqual({ avg: 15, min: 15, max: 15, total: 15 });
    expect(c.waitDurationInQueueUntilAccepted).toEqual({ avg: 15, min: 15, max: 15, total: 15 });
    expect(c.waitDurationUntilCanceled).toEqual({ avg: 20, min: 20, max: 20, total: 20 });
    expect(c.splitByWaitTime).toEqual({
      "10": {
        above: { tasks_canceled: 1, reservations_accepted: 1 },
        below: { tasks_canceled: 0, reservations_accepted: 0 },
      },
      "20": {
        above: { tasks_canceled: 0, reservations_accepted: 0 },
        below: { tasks_canceled: 1, reservations_accepted: 1 },
      },
    });
    const chat = await ws.taskQueues(queueSid).cumulativeStatistics().fetch({ taskChannel: "chat" });
    expect(chat.tasksEntered).toBe(1);
    expect(chat.reservationsCreated).toBe(1);
    // A window that ends before anything happened.
    const early = await ws
      .taskQueues(queueSid)
      .cumulativeStatistics()
      .fetch({
        startDate: new Date(Date.UTC(2025, 11, 31)),
        endDate: new Date(Date.UTC(2026, 0, 1, 8)),
      });
    expect(early.tasksEntered).toBe(0);
    expect(early.startTime.toISOString()).toBe("2025-12-31T00:00:00.000Z");
  });

  it("combined, list (task_queues_statistics) and bulk real-time", async () => {
    const s = await ws.taskQueues(queueSid).statistics().fetch();
    expect(s.realtime.total_tasks).toBe(2);
    expect(s.cumulative.tasks_entered).toBe(3);
    const list = await ws.taskQueues.statistics.list();
    const queues = await ws.taskQueues.list();
    expect(list.map((x) => x.taskQueueSid)).toEqual(queues.map((q) => q.sid));
    const mine = list.find((x) => x.taskQueueSid === queueSid);
    expect(mine?.realtime.total_eligible_workers).toBe(2);
    const named = await ws.taskQueues.statistics.list({ friendlyName: "English" });
    expect(named).toHaveLength(1);

    const unknown = `WQ${"0".repeat(32)}`;
    const bulk = await ws.taskQueues.bulkRealTimeStatistics.create([
      { task_queue_sid: queueSid },
      { task_queue_sid: unknown },
    ] as unknown as Parameters<typeof ws.taskQueues.bulkRealTimeStatistics.create>[0]);
    expect(bulk.taskQueueResponseCount).toBe(2);
    const [first, second] = bulk.taskQueueData as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ task_queue_sid: queueSid, total_tasks: 2, total_eligible_workers: 2 });
    expect(second).toMatchObject({ task_queue_sid: unknown, total_tasks: 0, total_available_workers: 0 });
  });

  it("bulk accepts {QueueSids} and refuses 0, more than 50 or malformed SIDs", async () => {
    const post = (body: unknown) =>
      fetch(`${t.baseUrl}/v1/Workspaces/${wsSid}/TaskQueues/RealTimeStatistics`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    const ok = await post({ QueueSids: [queueSid] });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { task_queue_response_count: number }).task_queue_response_count).toBe(1);
    expect((await post({ QueueSids: [] })).status).toBe(400);
    expect((await post({ QueueSids: Array.from({ length: 51 }, () => queueSid) })).status).toBe(400);
    expect((await post({ QueueSids: ["WQ123"] })).status).toBe(400);
  });
});

describe("Workspace, Workflow and Worker statistics", () => {
  it("workspace real-time, cumulative and combined", async () => {
    const rt = await t.client.taskrouter.v1.workspaces(wsSid).realTimeStatistics().fetch();
    expect(rt.totalWorkers).toBe(3);
    expect(rt.totalTasks).toBe(2);
    expect(rt.longestTaskWaitingSid).toBe(waitingTask);
    const c = await ws.cumulativeStatistics().fetch({ minutes: 60 });
    expect(c.tasksCreated).toBe(3);
    expect(c.tasksCanceled).toBe(1);
    expect(c.reservationsAccepted).toBe(1);
    expect(c.avgTaskAcceptanceTime).toBe(15);
    const s = await ws.statistics().fetch({ taskChannel: "chat" });
    expect(s.realtime.total_tasks).toBe(0);
    expect(s.cumulative.tasks_created).toBe(1);
  });

  it("workflow real-time, cumulative and combined", async () => {
    const rt = await ws.workflows(workflowSid).realTimeStatistics().fetch();
    expect(rt.totalTasks).toBe(2);
    expect(rt.tasksByStatus).toEqual({ pending: 1, reserved: 0, assigned: 1, wrapping: 0 });
    const c = await ws.workflows(workflowSid).cumulativeStatistics().fetch();
    expect(c.tasksEntered).toBe(3);
    expect(c.tasksCanceled).toBe(1);
    expect(c.tasksTimedOutInWorkflow).toBe(0);
    const s = await ws.workflows(workflowSid).statistics().fetch();
    expect(s.workflowSid).toBe(workflowSid);
    expect(s.realtime.total_tasks).toBe(2);
  });

  it("workers real-time, cumulative, combined with filters, and one worker's activity durations", async () => {
    const rt = await ws.workers.realTimeStatistics().fetch();
    expect(rt.totalWorkers).toBe(3);
    await t.advance(7_000);
    await ws.workers(bob).update({ activitySid: available });
    const c = await ws.workers.cumulativeStatistics().fetch();
    // t1 and t3 to alice, then t2 to bob as soon as he became available.
    expect(c.reservationsCreated).toBe(3);
    const offlineDurations = c.activityDurations.find((a) => a.friendly_name === "Offline");
    expect(offlineDurations).toMatchObject({ min: 42, max: 42, total: 42, avg: 42 });
    const inQueue = await ws.workers.statistics().fetch({ taskQueueSid: queueSid });
    expect(inQueue.realtime.total_workers).toBe(2);
    expect(inQueue.cumulative.reservations_accepted).toBe(1);
    const named = await ws.workers.statistics().fetch({ friendlyName: "Alice" });
    expect(named.realtime.total_workers).toBe(1);
    const one = await ws.workers(alice).statistics().fetch({ minutes: 10 });
    expect(one.workerSid).toBe(alice);
    expect(one.cumulative.reservations_accepted).toBe(1);
    const bobs = await ws.workers(bob).statistics().fetch();
    expect(bobs.cumulative.activity_durations.find((a: { sid: string }) => a.sid === offline)?.total).toBe(
      42,
    );
  });

  it("unknown SIDs are 404s; bad Minutes/dates are 400s", async () => {
    await expect(
      ws
        .taskQueues(`WQ${"1".repeat(32)}`)
        .realTimeStatistics()
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      ws
        .workflows(`WW${"1".repeat(32)}`)
        .statistics()
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      ws
        .workers(`WK${"1".repeat(32)}`)
        .statistics()
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
    await expect(ws.cumulativeStatistics().fetch({ minutes: 0 })).rejects.toMatchObject({ status: 400 });
    await expect(
      ws
        .cumulativeStatistics()
        .fetch({ startDate: new Date(Date.UTC(2026, 0, 2)), endDate: new Date(Date.UTC(2026, 0, 1)) }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(ws.cumulativeStatistics().fetch({ splitByWaitTime: "10,x" })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("cumulative figures survive a restart (rebuilt from the stored event log)", async () => {
    const before = await ws.taskQueues(queueSid).cumulativeStatistics().fetch({ minutes: 60 });
    await t.restart();
    const again = t.client.taskrouter.v1.workspaces(wsSid);
    const after = await again.taskQueues(queueSid).cumulativeStatistics().fetch({ minutes: 60 });
    expect(after.toJSON()).toEqual(before.toJSON());
    const rt = await again.taskQueues(queueSid).realTimeStatistics().fetch();
    expect(rt.totalTasks).toBe(2);
  });
});

/**
 * The SDK calls beyond the happy path (docs/worker-sdk.md, the table): fetchLatestVersion on the
 * worker, task and reservation, Task.setVirtualStartTime, Workspace.fetchWorkersInfo with every
 * filter the SDK sends (and its client-side MaxWorkers), fetchWorkerInfo, fetchTaskQueue(s),
 * Worker.createTask (and reservationFailed when the worker cannot take it), and the wrap-up path
 * with reservation.wrap().
 */
import type { EventEmitter } from "node:events";
import taskrouter from "twilio-taskrouter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fixture, next, type SdkReservation, type SdkWorker, startFixture } from "./harness.ts";

describe("worker SDK calls", () => {
  let f: Fixture;
  let alice: string;
  let bob: string;
  let worker: SdkWorker;
  let workspace: InstanceType<typeof taskrouter.Workspace>;
  const rest = () => f.t.client.taskrouter.v1.workspaces(f.workspaceSid);

  beforeAll(async () => {
    f = await startFixture();
    alice = await f.createWorker("alice", { dept: "support", level: 2 });
    bob = await f.createWorker("bob", { dept: "billing", level: 1 });
    worker = f.connect(alice);
    await next(worker, "ready");
    workspace = new taskrouter.Workspace(f.token(alice), {
      ebServer: f.ebServer,
      logLevel: "silent",
    } as never);
  });
  afterAll(async () => {
    await f.close();
  });

  async function accepted(): Promise<SdkReservation> {
    if (!worker.activity.available) {
      const changed = next(worker, "activityUpdated");
      await worker.activities.get(f.activities.available)?.setAsCurrent();
      await changed;
    }
    const offered = next<SdkReservation>(worker, "reservationCreated");
    await f.createTask({ type: "support" });
    const reservation = await offered;
    await reservation.accept();
    return reservation;
  }

  it("fetchLatestVersion reads the worker, the task and the reservation again", async () => {
    const reservation = await accepted();
    await rest()
      .tasks(reservation.task.sid)
      .update({ attributes: JSON.stringify({ type: "support", seen: true }) });
    const task = await reservation.task.fetchLatestVersion();
    expect(task.attributes).toEqual({ type: "support", seen: true });
    const again = await reservation.fetchLatestVersion();
    expect(again.status).toBe("accepted");
    await rest()
      .workers(alice)
      .update({ attributes: JSON.stringify({ dept: "support", level: 3 }) });
    expect((await worker.fetchLatestVersion()).attributes).toEqual({ dept: "support", level: 3 });
    await reservation.task.complete("done");
  });

  it("setVirtualStartTime moves the task's virtual start (second precision)", async () => {
    const reservation = await accepted();
    const when = new Date(Date.now() - 3_600_000);
    const task = await reservation.task.setVirtualStartTime(when);
    expect(Math.floor(task.virtualStartTime.getTime() / 1000)).toBe(Math.floor(when.getTime() / 1000));
    const fetched = await rest().tasks(reservation.task.sid).fetch();
    expect(Math.floor(fetched.virtualStartTime.getTime() / 1000)).toBe(Math.floor(when.getTime() / 1000));
    await reservation.task.complete("done");
  });

  it("reservation.wrap() then complete() ends a task's only reservation, and the task with it", async () => {
    const reservation = await accepted();
    const taskWrapup = next(reservation.task, "wrapup");
    const wrapped = await reservation.wrap();
    expect(wrapped.status).toBe("wrapping");
    await taskWrapup;
    const taskCompleted = next(reservation.task, "completed");
    await reservation.complete();
    await taskCompleted;
    expect((await rest().tasks(reservation.task.sid).fetch()).assignmentStatus).toBe("completed");
  });

  it("fetchWorkersInfo: every filter the SDK sends, MaxWorkers, and Ordering's paging", async () => {
    const all = await workspace.fetchWorkersInfo();
    expect([...all.keys()].sort()).toEqual([alice, bob].sort());
    const byName = await workspace.fetchWorkersInfo({ FriendlyName: "bob" });
    expect([...byName.keys()]).toEqual([bob]);
    const byActivity = await workspace.fetchWorkersInfo({ ActivitySid: f.activities.offline });
    expect([...byActivity.keys()]).toEqual([bob]);
    const byActivityName = await workspace.fetchWorkersInfo({ ActivityName: "Available" });
    expect([...byActivityName.keys()]).toEqual([alice]);
    const byExpression = await workspace.fetchWorkersInfo({ TargetWorkersExpression: 'dept == "billing"' });
    expect([...byExpression.keys()]).toEqual([bob]);
    const capped = await workspace.fetchWorkersInfo({ MaxWorkers: 1 });
    expect(capped.size).toBe(1);
    const ordered = await workspace.fetchWorkersInfo({ Ordering: "DateStatusChanged:desc" });
    expect(ordered.size).toBe(2);
    const info = await workspace.fetchWorkerInfo(bob);
    expect(info.name).toBe("bob");
    expect(info.activityName).toBe("Offline");
  });

  it("fetchTaskQueue(s) with their filters", async () => {
    const queues = await workspace.fetchTaskQueues({ FriendlyName: "Sample Queue" });
    expect([...queues.keys()]).toEqual([f.queueSid]);
    const ofWorker = await workspace.fetchTaskQueues({ WorkerSid: alice });
    expect([...ofWorker.keys()]).toEqual([f.queueSid]);
    const queue = await workspace.fetchTaskQueue(f.queueSid);
    expect(queue.name).toBe("Sample Queue");
  });

  it("channel availability, rejectPendingReservations, updateToken and the deprecated fetchWorker(s)", async () => {
    const [channel] = await rest().workers(alice).workerChannels.list();
    const sdkChannel = worker.channels.get(channel?.sid ?? "");
    expect(sdkChannel).toBeDefined();
    const availability = next(sdkChannel as unknown as EventEmitter, "availabilityUpdated");
    await rest()
      .workers(alice)
      .workerChannels(channel?.sid ?? "")
      .update({ available: false });
    await availability;
    await rest()
      .workers(alice)
      .workerChannels(channel?.sid ?? "")
      .update({ available: true });

    if (!worker.activity.available) await worker.activities.get(f.activities.available)?.setAsCurrent();
    const offered = next<SdkReservation>(worker, "reservationCreated");
    await f.createTask({ type: "declined" });
    const pending = await offered;
    const rejected = next(pending, "rejected");
    await worker.activities.get(f.activities.unavailable)?.setAsCurrent({ rejectPendingReservations: true });
    await rejected;

    const tokenUpdated = next(worker, "tokenUpdated");
    worker.updateToken(f.token(alice));
    await tokenUpdated;

    expect((await workspace.fetchWorker(bob)).sid).toBe(bob);
    expect((await workspace.fetchWorkers({ FriendlyName: "alice" })).size).toBe(1);
  });

  it("createTask makes an outbound task routed to the worker itself, with its options", async () => {
    const offered = next<SdkReservation>(worker, "reservationCreated");
    const sid = await worker.createTask("+15550001111", "+15550002222", f.workflowSid, f.queueSid, {
      attributes: { purpose: "callback" },
      taskChannelUniqueName: "default",
    });
    const reservation = await offered;
    expect(reservation.task.sid).toBe(sid);
    expect(reservation.task.routingTarget).toBe(alice);
    expect(reservation.task.attributes).toEqual({
      purpose: "callback",
      outbound_to: "+15550001111",
      from: "+15550002222",
    });
    await reservation.accept();
    await reservation.task.complete("called back");
  });

  it("a task it created that gets no reservation is canceled, and the SDK emits reservationFailed", async () => {
    // Routed to an unavailable worker with IgnoreCapacity=false, so no reservation can be made. The
    // SDK's createTask cannot send IgnoreCapacity (and TaskRouter's default, true, always reserves):
    // the request is the SDK's own envelope, posted as it would post it.
    await worker.activities.get(f.activities.unavailable)?.setAsCurrent();
    const failed = next<Record<string, unknown>>(worker, "reservationFailed");
    const response = await fetch(f.ebServer, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: JSON.stringify({
        url: `Workspaces/${f.workspaceSid}/Tasks`,
        method: "POST",
        params: {
          WorkflowSid: f.workflowSid,
          TaskQueueSid: f.queueSid,
          RoutingTarget: alice,
          IgnoreCapacity: "false",
          Attributes: JSON.stringify({ outbound_to: "+15550001111", from: "+15550002222" }),
        },
        token: f.token(alice),
      }),
    });
    expect(response.status).toBe(200);
    const sid = ((await response.json()) as { payload: { sid: string } }).payload.sid;
    // The SDK hands over the raw task payload, as in its own fixture.
    expect(await failed).toMatchObject({
      sid,
      assignment_status: "canceled",
      reason: "RoutingTarget SLA for Reservation creation was not met",
      routing_target: alice,
    });
    expect((await rest().tasks(sid).fetch()).assignmentStatus).toBe("canceled");
    const events = await rest().events.list({ taskSid: sid, pageSize: 50 });
    expect(events.map((e) => e.eventType).reverse()).toEqual([
      "task.created",
      "task.canceled",
      "reservation.failed",
    ]);
    expect(worker.reservations.size).toBe(0);
  });
});

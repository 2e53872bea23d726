/** The official twilio-taskrouter SDK against Tasklane: ready -> Available -> reservation -> accept -> wrap up -> complete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fixture,
  next,
  type SdkReservation,
  type SdkTask,
  type SdkWorker,
  startFixture,
} from "./harness.ts";

describe("worker SDK happy path", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it("readies, takes a reservation and completes its task", async () => {
    const wk = await f.createWorker("alice", { skills: ["support"] });
    const worker = f.connect(wk);
    const ready = await next<SdkWorker>(worker, "ready");
    expect(ready.sid).toBe(wk);
    expect(worker.activity.sid).toBe(f.activities.offline);
    expect(worker.activities.size).toBe(3);
    expect(worker.channels.size).toBeGreaterThan(0);
    expect(worker.attributes).toEqual({ skills: ["support"] });

    const activityUpdated = next<SdkWorker>(worker, "activityUpdated");
    const available = worker.activities.get(f.activities.available);
    await available?.setAsCurrent();
    expect((await activityUpdated).activity.sid).toBe(f.activities.available);

    const created = next<SdkReservation>(worker, "reservationCreated");
    const taskSid = await f.createTask({ type: "support" });
    const reservation = await created;
    expect(reservation.status).toBe("pending");
    expect(reservation.task.sid).toBe(taskSid);
    expect(reservation.task.attributes).toEqual({ type: "support" });
    expect(reservation.task.queueName).toBe("Sample Queue");

    const acceptedEvent = next(reservation, "accepted");
    const accepted = await reservation.accept();
    expect(accepted.status).toBe("accepted");
    await acceptedEvent;

    const wrapup = next(reservation.task, "wrapup");
    await reservation.task.wrapUp({ reason: "talked" });
    await wrapup;
    const completedTask = next<SdkTask>(reservation.task, "completed");
    const completedReservation = next(reservation, "completed");
    await reservation.task.complete("all good");
    expect((await completedTask).reason).toBe("all good");
    await completedReservation;

    const rest = await f.t.client.taskrouter.v1.workspaces(f.workspaceSid).tasks(taskSid).fetch();
    expect(rest.assignmentStatus).toBe("completed");
  });
});

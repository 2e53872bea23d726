/** Reservation outcomes as the SDK sees them: reject with an activity, timeout, rescinded by another worker's accept. */
import { afterEach, describe, expect, it } from "vitest";
import {
  type Fixture,
  next,
  type SdkReservation,
  type SdkWorker,
  SimulatedClock,
  startFixture,
} from "./harness.ts";

async function readyAndAvailable(f: Fixture, name: string): Promise<SdkWorker> {
  const worker = f.connect(await f.createWorker(name));
  await next(worker, "ready");
  await worker.activities.get(f.activities.available)?.setAsCurrent();
  return worker;
}

describe("reservations through the worker SDK", () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  it("rejects with an activity: the reservation says rejected and the worker moves", async () => {
    f = await startFixture();
    const worker = await readyAndAvailable(f, "rita");
    const created = next<SdkReservation>(worker, "reservationCreated");
    await f.createTask();
    const reservation = await created;
    const rejected = next(reservation, "rejected");
    const moved = next<SdkWorker>(worker, "activityUpdated");
    const result = await reservation.reject({ activitySid: f.activities.unavailable });
    expect(result.status).toBe("rejected");
    await rejected;
    expect((await moved).activity.sid).toBe(f.activities.unavailable);
  });

  it("sees a reservation time out on the server's simulated clock", async () => {
    const clock = new SimulatedClock(Date.now());
    f = await startFixture({ clock });
    const worker = await readyAndAvailable(f, "tim");
    const created = next<SdkReservation>(worker, "reservationCreated");
    await f.createTask();
    const reservation = await created;
    const timedOut = next<SdkReservation>(reservation, "timeout");
    const moved = next<SdkWorker>(worker, "activityUpdated");
    await f.t.advance(121_000);
    expect((await timedOut).status).toBe("timeout");
    // TaskRouter moves a worker that let a reservation time out to the timeout activity.
    expect((await moved).activity.sid).toBe(f.activities.offline);
  });

  it("rescinds the other worker's reservation when one accepts", async () => {
    f = await startFixture();
    await f.t.client.taskrouter.v1
      .workspaces(f.workspaceSid)
      .taskQueues(f.queueSid)
      .update({ maxReservedWorkers: 2 });
    const alice = await readyAndAvailable(f, "alice");
    const bob = await readyAndAvailable(f, "bob");
    const forAlice = next<SdkReservation>(alice, "reservationCreated");
    const forBob = next<SdkReservation>(bob, "reservationCreated");
    const taskSid = await f.createTask();
    const [ra, rb] = await Promise.all([forAlice, forBob]);
    expect(ra.task.sid).toBe(taskSid);
    expect(rb.task.sid).toBe(taskSid);
    const rescinded = next<SdkReservation>(rb, "rescinded");
    await ra.accept();
    expect((await rescinded).status).toBe("rescinded");
    // Accepting a rescinded reservation is refused with the server's message.
    await expect(rb.accept()).rejects.toMatchObject({ message: expect.stringContaining("rescinded") });
  });
});

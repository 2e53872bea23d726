/** Changes made through the REST API reach the SDK as complete pushed events. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fixture,
  next,
  type SdkReservation,
  type SdkTask,
  type SdkWorker,
  startFixture,
} from "./harness.ts";

describe("events pushed to the worker SDK", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it("pushes worker attributes, channel capacity, task updates and cancellation", async () => {
    const wk = await f.createWorker("pia");
    const worker = f.connect(wk);
    await next(worker, "ready");
    const rest = f.t.client.taskrouter.v1.workspaces(f.workspaceSid);

    const attributes = next<SdkWorker>(worker, "attributesUpdated");
    await rest.workers(wk).update({ attributes: JSON.stringify({ level: 3 }) });
    expect((await attributes).attributes).toEqual({ level: 3 });

    const channel = [...worker.channels.values()].find((c) => c.taskChannelUniqueName === "default");
    if (channel === undefined) throw new Error("no default channel");
    const capacity = next(channel, "capacityUpdated");
    await rest.workers(wk).workerChannels("default").update({ capacity: 2 });
    await capacity;
    expect(channel.capacity).toBe(2);

    const created = next<SdkReservation>(worker, "reservationCreated");
    await worker.activities.get(f.activities.available)?.setAsCurrent();
    const taskSid = await f.createTask({ type: "first" });
    const reservation = await created;
    const updated = next<SdkTask>(reservation.task, "updated");
    await rest.tasks(taskSid).update({ attributes: JSON.stringify({ type: "changed" }) });
    expect((await updated).attributes).toEqual({ type: "changed" });

    const canceledTask = next<SdkTask>(reservation.task, "canceled");
    const canceledReservation = next<SdkReservation>(reservation, "canceled");
    await rest.tasks(taskSid).update({ assignmentStatus: "canceled", reason: "caller hung up" });
    expect((await canceledTask).reason).toBe("caller hung up");
    expect((await canceledReservation).status).toBe("canceled");
  });
});

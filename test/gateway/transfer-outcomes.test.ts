/**
 * Transfer outcomes that need the simulated clock or a workflow (docs/transfers.md): a worker
 * target that lets its offer time out, a queue target whose offer times out, a COLD transfer that
 * fails and re-enters the workflow (routed by attributes the transfer set, item 4), the task
 * canceled while a transfer runs, and the transfer events in event callbacks.
 */
import type { OutgoingTransfer } from "twilio-taskrouter";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver } from "../voice/receiver.ts";
import { next, type SdkReservation, SimulatedClock, until } from "./harness.ts";
import { startTransferWorld, type TransferWorld } from "./transfer-world.ts";

describe("transfer outcomes", () => {
  let w: TransferWorld;
  afterEach(async () => {
    await w.close();
  });
  const rest = () => w.f.t.client.taskrouter.v1.workspaces(w.f.workspaceSid);

  it("a worker target that lets the offer time out fails the transfer; WARM returns the task", async () => {
    w = await startTransferWorld({ clock: new SimulatedClock(Date.now()) });
    const { mine, theirs, outgoing } = await w.aliceTransfers(w.agents.bob);
    const failed = next<OutgoingTransfer>(outgoing, "failed");
    const timedOut = next(theirs, "timeout");
    await w.f.t.advance(121_000);
    await timedOut;
    expect((await failed).transferFailedReason).toBe("Transfer failed because the reservation timed out");
    expect((await rest().tasks(mine.task.sid).fetch()).assignmentStatus).toBe("assigned");
  });

  it("a queue target's offer that times out fails the transfer (the SDK's fixtures say so)", async () => {
    w = await startTransferWorld({ clock: new SimulatedClock(Date.now()) });
    const { bob } = w.agents;
    const mine = await w.aliceHolding();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
    await mine.task.transfer(w.billingSid, {});
    await offered;
    const failed = next<OutgoingTransfer>(await initiated, "failed");
    await w.f.t.advance(121_000);
    expect((await failed).status).toBe("failed");
    const task = await rest().tasks(mine.task.sid).fetch();
    expect(task.assignmentStatus).toBe("assigned");
    expect(task.taskQueueSid).toBe(w.f.queueSid);
  });

  it("a failed COLD transfer re-enters the workflow, whose filter skips the agent named by the transfer", async () => {
    w = await startTransferWorld();
    const { alice, bob, carol } = w.agents;
    // The hand-coded pattern: a target expression reading attributes the transfer sets.
    await rest()
      .workflows(w.f.workflowSid)
      .update({
        configuration: JSON.stringify({
          task_routing: {
            filters: [
              {
                filter_friendly_name: "transfers skip the transferor",
                expression: "ignoreAgent != null",
                targets: [{ queue: w.f.queueSid, expression: "worker.sid != task.ignoreAgent" }],
              },
            ],
            default_filter: { queue: w.f.queueSid },
          },
        }),
      });
    const channels = await rest().workers(alice.sid).workerChannels.list();
    for (const c of channels) await rest().workers(alice.sid).workerChannels(c.sid).update({ capacity: 2 });
    const mine = await w.aliceHolding();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    await mine.task.transfer(bob.sid, {
      mode: "COLD",
      attributes: { type: "support", ignoreAgent: alice.sid },
    });
    const theirs = await offered;
    await w.available(carol);
    const toCarol = next<SdkReservation>(carol.sdk, "reservationCreated");
    await theirs.reject({ activitySid: w.f.activities.unavailable });
    const again = await toCarol;
    expect(again.task.sid).toBe(mine.task.sid);
    expect(again.task.attributes).toEqual({ type: "support", ignoreAgent: alice.sid });
    const types = await w.eventTypes(mine.task.sid);
    expect(types.filter((t) => t === "workflow.entered")).toHaveLength(2);
  });

  it("a task canceled while its transfer runs fails the transfer", async () => {
    w = await startTransferWorld();
    const { bob } = w.agents;
    const mine = await w.aliceHolding();
    const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
    await mine.task.transfer(w.billingSid, {}); // nobody available in billing: the task waits there
    const failed = next<OutgoingTransfer>(await initiated, "failed");
    await rest().tasks(mine.task.sid).update({ assignmentStatus: "canceled", reason: "caller left" });
    expect((await failed).transferFailedReason).toBe(`Task ${mine.task.sid} was canceled`);
    expect(bob.sdk.reservations.size).toBe(0);
  });

  it("an initiated transfer and its offer survive a restart (SQLite)", async () => {
    w = await startTransferWorld({ database: "sqlite" });
    const { bob } = w.agents;
    const mine = await w.aliceHolding();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    await mine.task.transfer(bob.sid, { mode: "COLD" });
    const theirs = await offered;
    const before = w.f.t.server.runtime.workspace(w.f.workspaceSid)?.view.task(mine.task.sid)?.transfers;
    expect(before?.[0]?.status).toBe("initiated");
    await w.f.t.restart();
    const view = w.f.t.server.runtime.workspace(w.f.workspaceSid)?.view;
    expect(view?.task(mine.task.sid)?.transfers).toEqual(before);
    expect(view?.reservation(theirs.sid)?.transferSid).toBe(before?.[0]?.sid);
    expect(view?.task(mine.task.sid)?.assignmentStatus).toBe("reserved");
  });

  it("event callbacks carry task.transfer-* with the transfer's fields", async () => {
    w = await startTransferWorld();
    const receiver = await startReceiver(w.f.t.authToken);
    try {
      receiver.on("/events", () => ({ type: "application/json", body: "" }));
      await w.f.t.client.taskrouter.v1.workspaces(w.f.workspaceSid).update({
        eventCallbackUrl: receiver.url("/events"),
      });
      const { alice, bob } = w.agents;
      const mine = await w.aliceHolding();
      await w.available(bob);
      const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
      await mine.task.transfer(bob.sid, {});
      await (await offered).accept();
      await until(() => receiver.received.some((r) => r.params.EventType === "task.transfer-completed"));
      const initiated = receiver.received.find((r) => r.params.EventType === "task.transfer-initiated");
      expect(initiated?.params).toMatchObject({
        ResourceType: "Task",
        ResourceSid: mine.task.sid,
        TaskSid: mine.task.sid,
        TransferMode: "WARM",
        TransferType: "WORKER",
        TransferTo: bob.sid,
        TransferStatus: "initiated",
        InitiatingWorkerSid: alice.sid,
        InitiatingReservationSid: mine.sid,
      });
      expect(initiated?.params.TransferSid).toMatch(/^TT/);
    } finally {
      await receiver.close();
    }
  });
});

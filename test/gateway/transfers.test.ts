/**
 * Transfers with the official twilio-taskrouter SDK (docs/transfers.md): WARM and COLD, to a worker
 * and to a queue, canceled and failed, the transfer objects the SDK builds (task.transfers.incoming /
 * outgoing, reservation.transfer), what happens to the transferring worker's reservation, and the
 * events in order in the Events API.
 */
import type { IncomingTransfer, OutgoingTransfer } from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { next, type SdkReservation, type SdkTask } from "./harness.ts";
import { inOrder, refusal, startTransferWorld, type TransferWorld } from "./transfer-world.ts";

/** The SDK sets `reservation.transfer` on a reservation made by a transfer; its types omit it. */
function incomingOf(reservation: SdkReservation): IncomingTransfer {
  return (reservation as unknown as { transfer: IncomingTransfer }).transfer;
}

function expectTransfer(
  transfer: IncomingTransfer | OutgoingTransfer | null,
  expected: { from: string; to: string; mode: string; type: string; status: string; reservationSid: string },
): void {
  expect(transfer?.sid).toMatch(/^TT[0-9a-f]{32}$/);
  expect(transfer?.workerSid).toBe(expected.from);
  expect(transfer?.to).toBe(expected.to);
  expect(transfer?.mode).toBe(expected.mode);
  expect(transfer?.type).toBe(expected.type);
  expect(transfer?.status).toBe(expected.status);
  expect(transfer?.reservationSid).toBe(expected.reservationSid);
}

describe("transfers with the worker SDK", () => {
  let w: TransferWorld;
  beforeEach(async () => {
    w = await startTransferWorld();
  });
  afterEach(async () => {
    await w.close();
  });
  const rest = () => w.f.t.client.taskrouter.v1.workspaces(w.f.workspaceSid);

  it("WARM to a worker: the target's reservation carries the transfer; accepting completes it", async () => {
    const { alice, bob } = w.agents;
    const mine = await w.aliceHolding();
    await w.available(bob);
    const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");

    const task = await mine.task.transfer(bob.sid, {});
    expect(task).toBe(mine.task);
    const spec = { from: alice.sid, to: bob.sid, mode: "WARM", type: "WORKER", reservationSid: mine.sid };
    expectTransfer(task.transfers.outgoing, { ...spec, status: "initiated" });
    const outgoing = await initiated;
    expect(outgoing).toBe(mine.task.transfers.outgoing);

    const theirs = await offered;
    expect(theirs.task.sid).toBe(mine.task.sid);
    expect(theirs.task.status).toBe("reserved");
    expectTransfer(incomingOf(theirs), { ...spec, status: "initiated" });
    expectTransfer(theirs.task.transfers.incoming, { ...spec, status: "initiated" });
    expect(theirs.task.transfers.incoming?.sid).toBe(outgoing.sid);
    expect(mine.status).toBe("accepted");

    const completed = next<OutgoingTransfer>(outgoing, "completed");
    await theirs.accept();
    expect((await completed).status).toBe("complete");
    expect((await rest().tasks(mine.task.sid).fetch()).assignmentStatus).toBe("assigned");
    expect(await w.reservationsOf(mine.task.sid)).toEqual({ [alice.sid]: "accepted", [bob.sid]: "accepted" });

    // The transferor leaves: its reservation wraps and completes alone, the task stays with bob.
    const wrapped = next(mine, "wrapup");
    await mine.wrap();
    await wrapped;
    const done = next(mine, "completed");
    await mine.complete();
    await done;
    expect((await rest().tasks(mine.task.sid).fetch()).assignmentStatus).toBe("assigned");
    const taskCompleted = next<SdkTask>(theirs.task, "completed");
    await theirs.task.complete("resolved by billing");
    await taskCompleted;

    expect(
      inOrder(await w.eventTypes(mine.task.sid), [
        "reservation.accepted",
        "task.transfer-initiated",
        "reservation.created",
        "task.updated",
        "reservation.accepted",
        "task.transfer-completed",
        "reservation.wrapup",
        "reservation.completed",
        "task.completed",
      ]),
    ).toBe(true);
  });

  it("COLD to a worker: the transferor's reservation wraps at once; the target takes the task over", async () => {
    const { alice, bob } = w.agents;
    const mine = await w.aliceHolding();
    await w.available(bob);
    const wrapup = next<SdkReservation>(mine, "wrapup");
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    await mine.task.transfer(bob.sid, { mode: "COLD" });
    expect((await wrapup).status).toBe("wrapping");
    const theirs = await offered;
    expectTransfer(theirs.task.transfers.incoming, {
      from: alice.sid,
      to: bob.sid,
      mode: "COLD",
      type: "WORKER",
      status: "initiated",
      reservationSid: mine.sid,
    });
    const outgoing = mine.task.transfers.outgoing;
    const completed = next<OutgoingTransfer>(outgoing as OutgoingTransfer, "completed");
    await theirs.accept();
    await completed;
    expect(await w.reservationsOf(mine.task.sid)).toEqual({ [alice.sid]: "wrapping", [bob.sid]: "accepted" });
    await mine.complete();
    expect(await w.reservationsOf(mine.task.sid)).toEqual({
      [alice.sid]: "completed",
      [bob.sid]: "accepted",
    });
    expect((await rest().tasks(mine.task.sid).fetch()).assignmentStatus).toBe("assigned");
    expect(
      inOrder(await w.eventTypes(mine.task.sid), [
        "task.transfer-initiated",
        "reservation.wrapup",
        "reservation.created",
        "task.updated",
        "reservation.accepted",
        "task.transfer-completed",
        "reservation.completed",
      ]),
    ).toBe(true);
  });

  it("WARM to a queue: the task enters the queue and its matching picks the target", async () => {
    const { alice, bob } = w.agents;
    const mine = await w.aliceHolding();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    await mine.task.transfer(w.billingSid, { mode: "WARM", priority: 5 });
    const theirs = await offered;
    expect(theirs.task.queueSid).toBe(w.billingSid);
    expect(theirs.task.priority).toBe(5);
    expectTransfer(theirs.task.transfers.incoming, {
      from: alice.sid,
      to: w.billingSid,
      mode: "WARM",
      type: "QUEUE",
      status: "initiated",
      reservationSid: mine.sid,
    });
    const completed = next<OutgoingTransfer>(mine.task.transfers.outgoing as OutgoingTransfer, "completed");
    await theirs.accept();
    await completed;
    expect(await w.reservationsOf(mine.task.sid)).toEqual({ [alice.sid]: "accepted", [bob.sid]: "accepted" });
    expect(
      inOrder(await w.eventTypes(mine.task.sid), [
        "task.transfer-initiated",
        "task-queue.entered",
        "reservation.created",
        "reservation.accepted",
        "task.transfer-completed",
      ]),
    ).toBe(true);
  });

  it("COLD to a queue with new attributes: the queue's worker gets the task and its attributes", async () => {
    const { bob } = w.agents;
    const mine = await w.aliceHolding({ type: "support" });
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    const wrapup = next(mine, "wrapup");
    await mine.task.transfer(w.billingSid, { mode: "COLD", attributes: { type: "billing", note: "refund" } });
    await wrapup;
    const theirs = await offered;
    expect(theirs.task.attributes).toEqual({ type: "billing", note: "refund" });
    await theirs.accept();
    await mine.complete();
    const wrapping = next(theirs, "wrapup");
    await theirs.task.wrapUp({ reason: "refunded" });
    await wrapping;
    await theirs.task.complete("refunded");
    expect((await rest().tasks(mine.task.sid).fetch()).assignmentStatus).toBe("completed");
  });

  it("canceled: the target's offer is canceled and the task goes back to the transferor", async () => {
    const { mine, theirs, outgoing } = await w.aliceTransfers(w.agents.bob);
    const canceledEvent = next<OutgoingTransfer>(outgoing, "canceled");
    const theirsCanceled = next(theirs, "canceled");
    const back = next<SdkTask>(mine.task, "updated");
    const canceled = await outgoing.cancel();
    expect(canceled.status).toBe("canceled");
    await canceledEvent;
    await theirsCanceled;
    expect(theirs.task.transfers.incoming?.status).toBe("canceled");
    expect((await back).status).toBe("assigned");
    expect(mine.status).toBe("accepted");

    expect(await refusal(outgoing.cancel())).toBe(
      `Request failed with status code 400. Transfer ${outgoing.sid} is already canceled . Cannot cancel transfer.`,
    );
    expect(
      inOrder(await w.eventTypes(mine.task.sid), [
        "task.transfer-initiated",
        "reservation.created",
        "reservation.canceled",
        "task.transfer-canceled",
        "task.updated",
      ]),
    ).toBe(true);
  });

  it("failed: the worker target rejects; the task goes back to the transferor", async () => {
    const { alice, bob } = w.agents;
    const { mine, theirs, outgoing } = await w.aliceTransfers(bob);
    const failed = next<OutgoingTransfer>(outgoing, "failed");
    const rejected = next<SdkReservation>(theirs, "rejected");
    const back = next<SdkTask>(mine.task, "updated");
    await theirs.reject();
    expectTransfer(incomingOf(await rejected), {
      from: alice.sid,
      to: bob.sid,
      mode: "WARM",
      type: "WORKER",
      status: "failed",
      reservationSid: mine.sid,
    });
    expect((await failed).transferFailedReason).toBe("Transfer failed because the reservation was rejected");
    expect((await back).status).toBe("assigned");
    expect(await w.reservationsOf(mine.task.sid)).toEqual({ [alice.sid]: "accepted", [bob.sid]: "rejected" });
  });

  it("failed at once: the worker target is offline", async () => {
    const { bob } = w.agents;
    const mine = await w.aliceHolding();
    // Both events come in one batch: listen for "failed" as soon as the transfer is initiated.
    const failed = new Promise<OutgoingTransfer>((resolve) =>
      mine.task.once("transferInitiated", (outgoing: OutgoingTransfer) => outgoing.once("failed", resolve)),
    );
    await mine.task.transfer(bob.sid, {});
    expect(mine.task.transfers.outgoing?.status).toBe("failed");
    expect(mine.task.transfers.outgoing?.transferFailedReason).toMatch(/^Worker WK[0-9a-f]{32} cannot take/);
    expect((await failed).status).toBe("failed");
    expect((await rest().tasks(mine.task.sid).fetch()).assignmentStatus).toBe("assigned");
    expect(
      inOrder(await w.eventTypes(mine.task.sid), ["task.transfer-initiated", "task.transfer-failed"]),
    ).toBe(true);
  });

  it("a queue target's rejection is an attempt: the transfer stays initiated and the next worker gets it", async () => {
    const { bob, carol } = w.agents;
    const mine = await w.aliceHolding();
    await w.available(bob);
    await w.available(carol);
    const firstOffer = Promise.race([
      next<SdkReservation>(bob.sdk, "reservationCreated"),
      next<SdkReservation>(carol.sdk, "reservationCreated"),
    ]);
    const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
    await mine.task.transfer(w.billingSid, {});
    const outgoing = await initiated;
    const first = await firstOffer;
    const other = first.workerSid === bob.sid ? carol : bob;
    const secondOffer = next<SdkReservation>(other.sdk, "reservationCreated");
    const attempt = next<OutgoingTransfer>(outgoing, "attemptFailed");
    await first.reject({ activitySid: w.f.activities.unavailable });
    const attempted = await attempt;
    expect(attempted.status).toBe("initiated");
    expect(attempted.transferFailedReason).toBe(
      "Transfer attempt failed on reservation reject because there are no more pending reservations",
    );
    const second = await secondOffer;
    const completed = next(outgoing, "completed");
    await second.accept();
    await completed;
  });

  it("refuses a transfer from a pending reservation, to oneself, to a stranger, and a second one", async () => {
    const { alice, bob } = w.agents;
    await w.available(alice);
    const offered = next<SdkReservation>(alice.sdk, "reservationCreated");
    await w.f.createTask();
    const pending = await offered;
    expect(await refusal(pending.task.transfer(bob.sid, {}))).toMatch(/status code 400\. .*accepted/);
    await pending.accept();
    expect(await refusal(pending.task.transfer(alice.sid, {}))).toMatch(/status code 400\./);
    expect(await refusal(pending.task.transfer("WK00000000000000000000000000000000", {}))).toMatch(
      /status code 400\./,
    );
    expect(await refusal(pending.task.transfer(w.billingSid, { mode: "LUKEWARM" } as never))).toMatch(
      /status code 400\. .*Mode/,
    );
    await pending.task.transfer(w.billingSid, {});
    expect(await refusal(pending.task.transfer(bob.sid, {}))).toMatch(/status code 400\. .*already has/);
  });
});

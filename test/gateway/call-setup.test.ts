/**
 * A reservation on hold while its call is connected (TaskRouter's onHold, docs/voice.md), through
 * the worker SDK: conference()/call() answer with the pending reservation, `accepted` follows once
 * the worker's leg is connected; the answer timeout does not run meanwhile; a leg that cannot be
 * placed cancels the reservation with the call's error as canceledReasonCode (and fails a transfer
 * whose offer it was, as in the SDK's own voice transfer test).
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { OutgoingTransfer } from "twilio-taskrouter";
import { afterEach, describe, expect, it } from "vitest";
import { next, type SdkReservation, SimulatedClock } from "./harness.ts";
import { startTransferWorld, type TransferWorld } from "./transfer-world.ts";

/** The SDK keeps canceledReasonCode on the reservation; its types omit it on events' payloads. */
const codeOf = (reservation: SdkReservation) =>
  (reservation as { canceledReasonCode?: number }).canceledReasonCode;

describe("call set-up through the worker SDK", () => {
  let w: TransferWorld;
  let held: Server | undefined;
  afterEach(async () => {
    await w.f.t.server.voice.idle();
    await w.close();
    await new Promise<void>((resolve) => (held ? held.close(() => resolve()) : resolve()));
    held = undefined;
  });

  async function offeredCall(): Promise<SdkReservation> {
    await w.available(w.agents.alice);
    const offered = next<SdkReservation>(w.agents.alice.sdk, "reservationCreated");
    await w.placeCall();
    return offered;
  }

  it("conference() answers pending; `accepted` comes once both legs are in the conference", async () => {
    w = await startTransferWorld();
    const reservation = await offeredCall();
    const accepted = next<SdkReservation>(reservation, "accepted");
    const answered = await reservation.conference();
    expect(answered.status).toBe("pending");
    expect((await accepted).status).toBe("accepted");
    await w.f.t.server.voice.idle();
    const task = await w.f.t.client.taskrouter.v1
      .workspaces(w.f.workspaceSid)
      .tasks(reservation.task.sid)
      .fetch();
    expect(task.assignmentStatus).toBe("assigned");
    expect(JSON.parse(task.attributes)).toHaveProperty("conference.sid");
  });

  it("the answer timeout is paused while the worker's leg is being placed", async () => {
    w = await startTransferWorld({ clock: new SimulatedClock(Date.now()) });
    // The CallUrl of the worker's leg answers only when the test lets it.
    const waiting: ServerResponse[] = [];
    held = createServer((_req, res) => {
      waiting.push(res);
    });
    await new Promise<void>((resolve) => held?.listen(0, "127.0.0.1", resolve));
    const address = held.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/agent`;

    const reservation = await offeredCall();
    const timedOut = next(reservation, "timeout", 1000).then(
      () => "timeout",
      () => "no timeout",
    );
    const answered = await reservation.call("+15550002222", url, { accept: true });
    expect(answered.status).toBe("pending");
    while (waiting.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await w.f.t.advance(121_000); // past the workflow's 120 s reservation timeout
    expect(await timedOut).toBe("no timeout");
    const accepted = next<SdkReservation>(reservation, "accepted");
    waiting[0]?.writeHead(200, { "Content-Type": "text/xml" }).end("<Response><Say>Hi</Say></Response>");
    expect((await accepted).status).toBe("accepted");
  });

  it("a worker leg to an address that is not dialable cancels the reservation with 13223", async () => {
    w = await startTransferWorld();
    const reservation = await offeredCall();
    const canceled = next<SdkReservation>(reservation, "canceled");
    await reservation.conference({ to: "nowhere" });
    const gone = await canceled;
    expect(gone.status).toBe("canceled");
    expect(codeOf(gone)).toBe(13223);
    // The task goes back to its queue; the caller keeps waiting for the next worker.
    const task = await w.f.t.client.taskrouter.v1
      .workspaces(w.f.workspaceSid)
      .tasks(reservation.task.sid)
      .fetch();
    expect(["pending", "reserved"]).toContain(task.assignmentStatus);
  });

  it("a call() whose url cannot be fetched cancels the reservation with 40113", async () => {
    w = await startTransferWorld();
    const reservation = await offeredCall();
    const canceled = next<SdkReservation>(reservation, "canceled");
    // Port 9 (discard) has no listener here: the worker's leg gets no TwiML.
    await reservation.call("+15550002222", "http://127.0.0.1:9/agent", { accept: true });
    expect(codeOf(await canceled)).toBe(40113);
  });

  it("a transfer's target whose leg cannot be placed: its reservation canceled, the transfer failed", async () => {
    w = await startTransferWorld();
    const { bob } = w.agents;
    const { reservation: mine, callSid, cf } = await w.aliceInConference();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
    await mine.task.transfer(bob.sid, {});
    const theirs = await offered;
    const failed = next<OutgoingTransfer>(await initiated, "failed");
    const canceled = next<SdkReservation>(theirs, "canceled");
    await theirs.conference({ to: "not a number" });
    expect(codeOf(await canceled)).toBe(13223);
    expect((await failed).transferFailedReason).toBe(
      "Transfer failed because the reservation's call could not be connected",
    );
    expect(theirs.task.transfers.incoming?.status).toBe("failed");
    await w.f.t.server.voice.idle();
    // Only the customer and alice are in the conference; alice has the task back.
    expect(Object.keys(await w.participants(cf))).toContain(callSid);
    expect(Object.keys(await w.participants(cf))).toHaveLength(2);
    expect(mine.status).toBe("accepted");
  });
});

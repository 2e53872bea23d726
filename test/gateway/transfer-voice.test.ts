/**
 * Transfers on a simulated conference (docs/transfers.md, "Voice"): the customer is held when a
 * transfer starts, the target's reservation.conference() joins the same conference, the target
 * unholds the customer and kicks the transferor (WARM); COLD takes the transferor's leg out at once.
 */
import type { OutgoingTransfer } from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { next, type SdkReservation } from "./harness.ts";
import { startTransferWorld, type TransferWorld } from "./transfer-world.ts";

describe("transfers on a simulated conference", () => {
  let w: TransferWorld;
  beforeEach(async () => {
    w = await startTransferWorld();
  });
  afterEach(async () => {
    await w.f.t.server.voice.idle();
    await w.close();
  });

  it("WARM transfer on the conference: held customer, same conference, unhold, kick the transferor", async () => {
    const { alice, bob } = w.agents;
    const { reservation: mine, callSid, cf } = await w.aliceInConference();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
    await mine.task.transfer(bob.sid, {});
    await initiated;
    await w.f.t.server.voice.idle();
    expect((await w.participants(cf))[callSid]?.hold).toBe(true);
    const theirs = await offered;
    const accepted = next(theirs, "accepted");
    await theirs.conference();
    await accepted;
    await w.f.t.server.voice.idle();
    expect(Object.keys(await w.participants(cf))).toHaveLength(3);
    await theirs.task.updateParticipant({ hold: false });
    expect((await w.participants(cf))[callSid]?.hold).toBe(false);
    const aliceWraps = next<SdkReservation>(mine, "wrapup");
    await theirs.task.kick(alice.sid);
    await w.f.t.server.voice.idle();
    const left = await w.participants(cf);
    expect(Object.keys(left)).toHaveLength(2);
    expect((await w.f.t.client.conferences(cf).fetch()).status).toBe("in-progress");
    // The kicked transferor's reservation wraps alone; the task stays with bob.
    expect((await aliceWraps).status).toBe("wrapping");
    expect(await w.reservationsOf(mine.task.sid)).toEqual({ [alice.sid]: "wrapping", [bob.sid]: "accepted" });
  });

  it("COLD transfer on the conference: the transferor's leg leaves at once, the conference goes on", async () => {
    const { bob } = w.agents;
    const { reservation: mine, callSid, cf } = await w.aliceInConference();
    await w.available(bob);
    const offered = next<SdkReservation>(bob.sdk, "reservationCreated");
    await mine.task.transfer(bob.sid, { mode: "COLD" });
    await w.f.t.server.voice.idle();
    expect(Object.keys(await w.participants(cf))).toEqual([callSid]);
    expect((await w.f.t.client.conferences(cf).fetch()).status).toBe("in-progress");
    const theirs = await offered;
    await theirs.conference();
    await w.f.t.server.voice.idle();
    expect(Object.keys(await w.participants(cf))).toHaveLength(2);
  });
});

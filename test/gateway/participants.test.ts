/**
 * The SDK's voice calls on a simulated call (docs/voice.md): reservation.conference() from the SDK,
 * Task.updateParticipant (the customer's hold), Task.hold (a worker's leg),
 * Reservation.updateParticipant (mute), Task.kick; refused without a simulated conference.
 * Transfers on a conference: transfer-voice.test.ts.
 */

import taskrouter from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { next, type SdkReservation, type SdkWorker } from "./harness.ts";
import { refusal, startTransferWorld, type TransferWorld } from "./transfer-world.ts";

describe("participants on a simulated conference, through the worker SDK", () => {
  let w: TransferWorld;
  beforeEach(async () => {
    w = await startTransferWorld();
  });
  afterEach(async () => {
    await w.f.t.server.voice.idle();
    await w.close();
  });

  it("holds the customer and a worker, mutes the worker, through the SDK", async () => {
    const { reservation, callSid, cf } = await w.aliceInConference();
    await reservation.task.updateParticipant({ hold: true });
    expect((await w.participants(cf))[callSid]?.hold).toBe(true);
    await reservation.task.updateParticipant({ hold: false });
    expect((await w.participants(cf))[callSid]?.hold).toBe(false);
    const leg = await w.legOf(cf, w.agents.alice);
    expect(leg).toMatch(/^CA/);
    await reservation.task.hold(w.agents.alice.sid, true);
    expect((await w.participants(cf))[leg ?? ""]?.hold).toBe(true);
    await reservation.task.hold(w.agents.alice.sid, false);
    await reservation.updateParticipant({ mute: true });
    expect((await w.participants(cf))[leg ?? ""]).toEqual({ hold: false, muted: true });
  });

  it("kicks a worker's leg out without ending the conference; the worker's reservation wraps up", async () => {
    const { reservation, callSid, cf } = await w.aliceInConference();
    const leg = await w.legOf(cf, w.agents.alice);
    const wrapup = next<SdkReservation>(reservation, "wrapup");
    await reservation.task.kick(w.agents.alice.sid);
    // Alone on the task: the task wraps with her reservation (as reservation.wrap() would).
    expect((await wrapup).status).toBe("wrapping");
    expect(reservation.task.status).toBe("wrapping");
    await w.f.t.server.voice.idle();
    expect(Object.keys(await w.participants(cf))).toEqual([callSid]);
    expect((await w.f.t.client.conferences(cf).fetch()).status).toBe("in-progress");
    expect((await w.f.t.client.calls(leg ?? "").fetch()).status).toBe("completed");
  });

  it("a supervisor's monitor() adds a muted supervisor leg to the conference", async () => {
    const { reservation, callSid, cf } = await w.aliceInConference();
    const sue = await w.f.createWorker("sue", { contact_uri: "client:sue" });
    const supervisor = new taskrouter.Supervisor(w.f.token(sue, 3600, "supervisor"), {
      ebServer: w.f.ebServer,
      wsServer: w.f.wsServer,
      logLevel: "silent",
    });
    try {
      await next(supervisor as unknown as SdkWorker, "ready");
      await supervisor.monitor(reservation.task.sid, reservation.sid, {});
      await w.f.t.server.voice.idle();
      const list = await w.f.t.client.conferences(cf).participants.list();
      expect(list).toHaveLength(3);
      const leg = list.find((p) => p.label === "supervisor");
      expect(leg?.muted).toBe(true);
      expect((await w.f.t.client.calls(leg?.callSid ?? "").fetch()).to).toBe("client:sue");
      // The customer is not held by it, and the supervisor leaving does not end the conference.
      expect((await w.participants(cf))[callSid]).toEqual({ hold: false, muted: false });
      await w.f.t.client
        .conferences(cf)
        .participants(leg?.callSid ?? "")
        .remove();
      expect((await w.f.t.client.conferences(cf).fetch()).status).toBe("in-progress");
    } finally {
      supervisor.disconnect();
    }
  });

  it("refuses participant calls on a task without a simulated conference", async () => {
    await w.available(w.agents.alice);
    const offered = next<SdkReservation>(w.agents.alice.sdk, "reservationCreated");
    await w.f.createTask();
    const reservation = await offered;
    await reservation.accept();
    expect(await refusal(reservation.task.hold(w.agents.alice.sid, true))).toMatch(
      /status code 400\. .*conference/,
    );
  });
});

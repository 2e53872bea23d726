/**
 * The SDK's voice calls on a simulated call (docs/voice.md): reservation.conference() from the SDK,
 * Task.updateParticipant (the customer's hold), Task.hold (a worker's leg),
 * Reservation.updateParticipant (mute), Task.kick; refused without a simulated conference.
 * Transfers on a conference: transfer-voice.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { next, type SdkReservation } from "./harness.ts";
import { type Agent, startTransferWorld, type TransferWorld } from "./transfer-world.ts";

describe("participants on a simulated conference, through the worker SDK", () => {
  let w: TransferWorld;
  beforeEach(async () => {
    w = await startTransferWorld();
  });
  afterEach(async () => {
    await w.f.t.server.voice.idle();
    await w.close();
  });

  async function placeCall(): Promise<string> {
    const auth = `Basic ${Buffer.from(`${w.f.t.accountSid}:${w.f.t.authToken}`).toString("base64")}`;
    const response = await fetch(`${w.f.t.baseUrl}/tasklane/v1/Calls`, {
      method: "POST",
      headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        To: "+15550001000",
        From: "+15557770001",
        Twiml: `<Response><Enqueue workflowSid="${w.f.workflowSid}"><Task>{"type":"support"}</Task></Enqueue></Response>`,
      }).toString(),
    });
    expect(response.status).toBe(201);
    return String(((await response.json()) as { sid: string }).sid);
  }

  /** The caller's call waits for alice; she answers with conference() from the SDK. */
  async function aliceInConference(): Promise<{ reservation: SdkReservation; callSid: string; cf: string }> {
    await w.available(w.agents.alice);
    const offered = next<SdkReservation>(w.agents.alice.sdk, "reservationCreated");
    const callSid = await placeCall();
    const reservation = await offered;
    const accepted = next(reservation, "accepted");
    await reservation.conference();
    await accepted;
    await w.f.t.server.voice.idle();
    const task = await w.f.t.client.taskrouter.v1
      .workspaces(w.f.workspaceSid)
      .tasks(reservation.task.sid)
      .fetch();
    const cf = (JSON.parse(task.attributes) as { conference: { sid: string } }).conference.sid;
    return { reservation, callSid, cf };
  }

  const participants = async (cf: string) =>
    Object.fromEntries(
      (await w.f.t.client.conferences(cf).participants.list()).map((p) => [
        p.callSid,
        { hold: p.hold, muted: p.muted },
      ]),
    );
  /** The agent's leg: the participant whose call goes to the agent's contact_uri. */
  const legOf = async (cf: string, agent: Agent) => {
    for (const p of await w.f.t.client.conferences(cf).participants.list()) {
      const call = await w.f.t.client.calls(p.callSid).fetch();
      if (call.to === `client:${agent.name}`) return p.callSid;
    }
    return undefined;
  };

  it("holds the customer and a worker, mutes the worker, through the SDK", async () => {
    const { reservation, callSid, cf } = await aliceInConference();
    await reservation.task.updateParticipant({ hold: true });
    expect((await participants(cf))[callSid]?.hold).toBe(true);
    await reservation.task.updateParticipant({ hold: false });
    expect((await participants(cf))[callSid]?.hold).toBe(false);
    const leg = await legOf(cf, w.agents.alice);
    expect(leg).toMatch(/^CA/);
    await reservation.task.hold(w.agents.alice.sid, true);
    expect((await participants(cf))[leg ?? ""]?.hold).toBe(true);
    await reservation.task.hold(w.agents.alice.sid, false);
    await reservation.updateParticipant({ mute: true });
    expect((await participants(cf))[leg ?? ""]).toEqual({ hold: false, muted: true });
  });

  it("kicks a worker's leg out without ending the conference", async () => {
    const { reservation, callSid, cf } = await aliceInConference();
    const leg = await legOf(cf, w.agents.alice);
    await reservation.task.kick(w.agents.alice.sid);
    await w.f.t.server.voice.idle();
    expect(Object.keys(await participants(cf))).toEqual([callSid]);
    expect((await w.f.t.client.conferences(cf).fetch()).status).toBe("in-progress");
    expect((await w.f.t.client.calls(leg ?? "").fetch()).status).toBe("completed");
  });

  it("refuses participant calls on a task without a simulated conference", async () => {
    await w.available(w.agents.alice);
    const offered = next<SdkReservation>(w.agents.alice.sdk, "reservationCreated");
    await w.f.createTask();
    const reservation = await offered;
    await reservation.accept();
    const refusal = await reservation.task.hold(w.agents.alice.sid, true).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(refusal).toMatch(/status code 400\. .*conference/);
  });
});

/**
 * Assignment instructions acting on simulated calls (redirect, call, conference), the Enqueue
 * action after a bridge or a canceled task, <Leave> in a waitUrl, and the conference participants
 * through the official SDK's Conferences API.
 */
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVoiceWorld, type VoiceWorld } from "./harness.ts";
import { twiml } from "./receiver.ts";

let w: VoiceWorld;
let answer: Record<string, unknown> | ((params: Record<string, string>) => Record<string, unknown>) = {};
beforeAll(async () => {
  w = await startVoiceWorld();
  w.receiver.on("/voice", () => {
    const response = new twilio.twiml.VoiceResponse();
    response
      .enqueue({ workflowSid: w.workflowSid, action: "/after" })
      .task({}, JSON.stringify({ type: "call" }));
    return twiml(response);
  });
  w.receiver.on("/voice-leave", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.enqueue({ workflowSid: w.workflowSid, action: "/after", waitUrl: "/leave" }).task({}, "{}");
    return twiml(response);
  });
  w.receiver.on("/leave", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say("Nobody is free.");
    response.leave();
    return twiml(response);
  });
  w.receiver.on("/after", (params) => {
    const response = new twilio.twiml.VoiceResponse();
    response.say(`after ${params.QueueResult}`);
    return twiml(response);
  });
  w.receiver.on("/redirected", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say("You were redirected.");
    response.pause({ length: 2 });
    return twiml(response);
  });
  w.receiver.on("/worker-leg", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say("A caller is waiting.");
    return twiml(response);
  });
  w.receiver.on("/assignment", (params) => ({
    type: "application/json",
    body: JSON.stringify(typeof answer === "function" ? answer(params) : answer),
  }));
  w.receiver.on("/worker-bridge", (_params, query) => {
    const response = new twilio.twiml.VoiceResponse();
    response.say("Connecting you.");
    response.dial().queue({ reservationSid: query.reservation ?? "" }, "support");
    return twiml(response);
  });
});
afterAll(() => w.close());
afterEach(async () => {
  await w.t.server.voice.idle();
  const tasks = await ws().tasks.list();
  for (const task of tasks) {
    if (task.assignmentStatus === "assigned" || task.assignmentStatus === "wrapping")
      await ws().tasks(task.sid).update({ assignmentStatus: "completed", reason: "test over" });
    else if (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved")
      await ws().tasks(task.sid).update({ assignmentStatus: "canceled", reason: "test over" });
  }
  await ws().workers(w.workerSid).update({ activitySid: w.offline });
});

const ws = () => w.t.client.taskrouter.v1.workspaces(w.workspaceSid);
type CallView = {
  sid: string;
  status: string;
  task_sid: string;
  in_queue: boolean;
  transcript: Array<Record<string, unknown>>;
};

async function place(path = "/voice"): Promise<CallView> {
  const { body } = await w.tasklane("/tasklane/v1/Calls", {
    To: "+1000",
    From: "+2000",
    Url: w.receiver.url(path),
  });
  return body as unknown as CallView;
}
async function view(sid: string): Promise<CallView & Record<string, unknown>> {
  return (await w.tasklane(`/tasklane/v1/Calls/${sid}`)).body as unknown as CallView &
    Record<string, unknown>;
}
async function assignTo(instruction: typeof answer): Promise<void> {
  answer = instruction;
  await ws().workers(w.workerSid).update({ activitySid: w.available });
  await w.t.server.events.idle();
  await w.t.server.voice.idle();
}
const said = (call: CallView) => call.transcript.filter((e) => e.event === "say").map((e) => e.text);

describe("instructions", () => {
  it("redirect: the caller leaves the queue and runs the new TwiML; the reservation is accepted", async () => {
    const call = await place();
    await assignTo({ instruction: "redirect", url: w.receiver.url("/redirected"), accept: true });
    const after = await view(call.sid);
    expect(said(after)).toEqual(["You were redirected."]);
    expect(after.transcript.find((e) => e.event === "pause")).toMatchObject({ length: 2 });
    expect(after.in_queue).toBe(false);
    // Accepted, then the redirected document ended the call: the assigned task moved to wrapping.
    const [reservation] = await ws().tasks(call.task_sid).reservations.list();
    // (the reservation follows its task: accepted, then wrapping)
    expect(reservation?.reservationStatus).toBe("wrapping");
    expect(after.status).toBe("completed");
    expect((await ws().tasks(call.task_sid).fetch()).assignmentStatus).toBe("wrapping");
  });

  it("call: a new leg to the worker fetches the url and runs it; the caller keeps waiting", async () => {
    const call = await place();
    await assignTo({ instruction: "call", url: w.receiver.url("/worker-leg"), from: "+3000", accept: true });
    const caller = await view(call.sid);
    expect(caller.in_queue).toBe(true);
    const dial = caller.transcript.find((e) => e.event === "dial");
    const leg = await view(String(dial?.callSid));
    expect(leg).toMatchObject({ to: "client:alice", from: "+3000", parent_call_sid: call.sid });
    expect(said(leg)).toEqual(["A caller is waiting."]);
    const request = w.receiver.received.find((r) => r.path === "/worker-leg" && r.params.CallSid === leg.sid);
    expect(request?.signatureValid).toBe(true);
    await w.tasklane(`/tasklane/v1/Calls/${call.sid}`, { Status: "completed" });
  });

  it("call + <Dial><Queue reservationSid> on the worker's leg bridges it to the waiting caller", async () => {
    const call = await place();
    await assignTo((params) => ({
      instruction: "call",
      url: w.receiver.url(`/worker-bridge?reservation=${params.ReservationSid}`),
      from: "+3000",
      accept: false,
    }));
    const caller = await view(call.sid);
    expect(caller.in_queue).toBe(false);
    const leg = await view(String(caller.bridged_to));
    expect(leg.bridged_to).toBe(call.sid);
    expect(said(leg)).toEqual(["Connecting you."]);
    expect((await ws().tasks(call.task_sid).fetch()).assignmentStatus).toBe("assigned");
  });

  it("<Dial><Queue> with an unknown reservation is 14215", async () => {
    const { body } = await w.tasklane("/tasklane/v1/Calls", {
      To: "+1",
      From: "+2",
      Twiml:
        '<Response><Dial><Queue reservationSid="WR00000000000000000000000000000000">q</Queue></Dial></Response>',
    });
    expect(
      (body.transcript as Array<Record<string, unknown>>).find((e) => e.event === "error"),
    ).toMatchObject({ code: 14215 });
  });

  it("conference: both legs join; hold and kick through the SDK; the worker leaving ends it", async () => {
    const call = await place();
    await assignTo({ instruction: "conference", from: "+3000" });
    const task = await ws().tasks(call.task_sid).fetch();
    const { conference } = JSON.parse(task.attributes) as {
      conference: { sid: string; participants: { customer: string; worker: string } };
    };
    expect(conference.participants.customer).toBe(call.sid);
    const fetched = await w.t.client.conferences(conference.sid).fetch();
    expect(fetched.status).toBe("in-progress");
    const participants = await w.t.client.conferences(conference.sid).participants.list();
    expect(participants.map((p) => p.label).sort()).toEqual(["customer", "worker"]);
    const held = await w.t.client.conferences(conference.sid).participants(call.sid).update({ hold: true });
    expect(held.hold).toBe(true);
    await w.t.client.conferences(conference.sid).participants(conference.participants.worker).remove();
    await w.t.server.voice.idle();
    expect((await w.t.client.conferences(conference.sid).fetch()).status).toBe("completed");
    expect((await view(call.sid)).status).toBe("completed");
    expect((await ws().tasks(call.task_sid).fetch()).assignmentStatus).toBe("wrapping");
  });

  it("dequeue, then the worker hangs up: the caller's Enqueue action runs with QueueResult=bridged", async () => {
    const call = await place();
    await assignTo({ instruction: "dequeue", from: "+3000" });
    const leg = String((await view(call.sid)).bridged_to);
    await w.tasklane(`/tasklane/v1/Calls/${leg}`, { Status: "completed" });
    await w.t.server.voice.idle();
    const caller = await view(call.sid);
    expect(said(caller)).toEqual(["after bridged"]);
    expect(caller.status).toBe("completed");
  });
});

describe("instructions given through REST", () => {
  it("Instruction=dequeue on a pending reservation (the callback answered nothing) bridges the call", async () => {
    const call = await place();
    await assignTo({});
    const [reservation] = await ws().tasks(call.task_sid).reservations.list();
    expect(reservation?.reservationStatus).toBe("pending");
    await ws()
      .tasks(call.task_sid)
      .reservations(reservation?.sid ?? "")
      .update({ instruction: "dequeue", dequeueFrom: "+3000", dequeueTo: "client:bob" });
    await w.t.server.voice.idle();
    const leg = await view(String((await view(call.sid)).bridged_to));
    expect([leg.to, leg.from]).toEqual(["client:bob", "+3000"]);
  });
});

describe("leaving the queue", () => {
  it("a task canceled through REST takes the call out of the queue: action with QueueResult=leave", async () => {
    const call = await place();
    await ws().tasks(call.task_sid).update({ assignmentStatus: "canceled", reason: "closed" });
    await w.t.server.voice.idle();
    expect(said(await view(call.sid))).toEqual(["after leave"]);
  });

  it("<Leave> in the waitUrl document cancels the task and requests the action", async () => {
    const call = await place("/voice-leave");
    await w.t.server.voice.idle();
    expect(said(await view(call.sid))).toEqual(["Nobody is free.", "after leave"]);
    expect((await ws().tasks(call.task_sid).fetch()).assignmentStatus).toBe("canceled");
  });
});

describe("TwiML", () => {
  it("Redirect (relative, GET), Play, Hangup; a verb not simulated is 12200 and skipped; the status callback is signed", async () => {
    w.receiver.on("/start", () => ({
      type: "text/xml",
      body: '<?xml version="1.0"?><Response><Gather/><Redirect method="GET">/next?x=1</Redirect><Say>never</Say></Response>',
    }));
    w.receiver.on("/next", () => ({
      type: "text/xml",
      body: "<Response><Play>http://example.invalid/a.mp3</Play><Hangup/><Say>never</Say></Response>",
    }));
    w.receiver.on("/status", () => ({ type: "text/plain", body: "" }));
    const { body } = await w.tasklane("/tasklane/v1/Calls", {
      To: "+1",
      From: "+2",
      Url: w.receiver.url("/start"),
      StatusCallback: w.receiver.url("/status"),
    });
    const call = body as unknown as CallView;
    expect(call.transcript.map((e) => e.event)).toEqual([
      "created",
      "webhook",
      "error",
      "webhook",
      "play",
      "hangup",
      "completed",
    ]);
    expect(call.transcript[2]).toMatchObject({ verb: "Gather", code: 12200 });
    const next = w.receiver.received.find((r) => r.path === "/next" && r.params.CallSid === call.sid);
    expect([next?.method, next?.signatureValid, next?.params.x]).toEqual(["GET", true, "1"]);
    await w.t.server.voice.idle();
    const status = w.receiver.received.find((r) => r.path === "/status" && r.params.CallSid === call.sid);
    expect([status?.signatureValid, status?.params.CallStatus]).toEqual([true, "completed"]);
  });

  it("a webhook answering 500 is 11200 and the call fails", async () => {
    const { body } = await w.tasklane("/tasklane/v1/Calls", {
      To: "+1",
      From: "+2",
      Url: w.receiver.url("/nothing-here"),
    });
    expect(body.status).toBe("failed");
    expect(
      (body.transcript as Array<Record<string, unknown>>).find((e) => e.event === "error"),
    ).toMatchObject({ code: 11200 });
  });
});

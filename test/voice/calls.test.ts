/**
 * Simulated voice calls end to end: signed voice webhooks, <Enqueue workflowSid> making a voice task
 * with the call attributes, a hang-up canceling it, the dequeue instruction bridging the caller to
 * the worker and the post-work activity applied on completion, and the Calls API through the SDK.
 */
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVoiceWorld, type VoiceWorld } from "./harness.ts";
import { twiml } from "./receiver.ts";

let w: VoiceWorld;
beforeAll(async () => {
  w = await startVoiceWorld();
  w.receiver.on("/voice", (params) => {
    const response = new twilio.twiml.VoiceResponse();
    response.say("Thanks for calling.");
    response
      .enqueue({ workflowSid: w.workflowSid, waitUrl: "/wait", action: "/after" })
      .task({ priority: 5, timeout: 600 }, JSON.stringify({ type: "call", from: params.From }));
    return twiml(response);
  });
  w.receiver.on("/wait", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.play("http://example.invalid/hold.mp3");
    return twiml(response);
  });
  w.receiver.on("/after", () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say("Goodbye.");
    response.hangup();
    return twiml(response);
  });
  w.receiver.on("/assignment", () => ({
    type: "application/json",
    body: JSON.stringify({ instruction: "dequeue", post_work_activity_sid: w.afterCall }),
  }));
});
afterAll(() => w.close());

const ws = () => w.t.client.taskrouter.v1.workspaces(w.workspaceSid);

async function placeCall(from: string) {
  const { status, body } = await w.tasklane("/tasklane/v1/Calls", {
    To: "+15550001000",
    From: from,
    Url: w.receiver.url("/voice"),
  });
  expect(status).toBe(201);
  return body as {
    sid: string;
    status: string;
    task_sid: string;
    transcript: Array<Record<string, unknown>>;
  };
}

describe("an inbound call with <Enqueue workflowSid>", () => {
  it("requests the voice URL with Twilio's signed parameters and creates a voice task with the call attributes", async () => {
    const call = await placeCall("+15557770001");
    const voice = w.receiver.received.find((r) => r.path === "/voice" && r.params.CallSid === call.sid);
    expect(voice?.signatureValid).toBe(true);
    expect(voice?.params).toMatchObject({
      AccountSid: w.t.accountSid,
      From: "+15557770001",
      To: "+15550001000",
      Caller: "+15557770001",
      Called: "+15550001000",
      Direction: "inbound",
      ApiVersion: "2010-04-01",
      CallStatus: "in-progress",
    });
    expect(call.status).toBe("in-progress");
    expect(call.transcript.map((e) => e.event)).toEqual([
      "created",
      "webhook",
      "say",
      "enqueue",
      "webhook",
      "play",
    ]);
    const task = await ws().tasks(call.task_sid).fetch();
    expect(task.taskChannelUniqueName).toBe("voice");
    expect(task.priority).toBe(5);
    expect(task.timeout).toBe(600);
    expect(JSON.parse(task.attributes)).toMatchObject({
      type: "call",
      call_sid: call.sid,
      account_sid: w.t.accountSid,
      from: "+15557770001",
      to: "+15550001000",
      caller: "+15557770001",
      called: "+15550001000",
      direction: "inbound",
    });
    const wait = w.receiver.received.find((r) => r.path === "/wait" && r.params.CallSid === call.sid);
    expect(wait?.signatureValid).toBe(true);
    await w.tasklane(`/tasklane/v1/Calls/${call.sid}`, { Status: "completed" });
  });

  it("a hang-up while waiting cancels the task (reason hangup) and requests the action with QueueResult=hangup", async () => {
    const call = await placeCall("+15557770002");
    const { body } = await w.tasklane(`/tasklane/v1/Calls/${call.sid}`, { Status: "completed" });
    expect(body.status).toBe("completed");
    const task = await ws().tasks(call.task_sid).fetch();
    expect([task.assignmentStatus, task.reason]).toEqual(["canceled", "hangup"]);
    await w.t.server.voice.idle();
    const action = w.receiver.received.find((r) => r.path === "/after" && r.params.CallSid === call.sid);
    expect(action?.params.QueueResult).toBe("hangup");
  });

  it("dequeue bridges the caller to the worker's contact_uri and the post-work activity applies on completion", async () => {
    const call = await placeCall("+15557770003");
    await ws().workers(w.workerSid).update({ activitySid: w.available });
    await w.t.server.events.idle();
    await w.t.server.voice.idle();
    const task = await ws().tasks(call.task_sid).fetch();
    expect(task.assignmentStatus).toBe("assigned");
    const attributes = JSON.parse(task.attributes);
    const { body } = await w.tasklane(`/tasklane/v1/Calls/${call.sid}`);
    expect(body.bridged_to).toBe(attributes.worker_call_sid);
    const leg = await w.tasklane(`/tasklane/v1/Calls/${attributes.worker_call_sid}`);
    expect(leg.body).toMatchObject({
      to: "client:alice",
      from: "+15550001000",
      status: "in-progress",
      parent_call_sid: call.sid,
    });

    await ws().tasks(call.task_sid).update({ assignmentStatus: "completed", reason: "done" });
    const worker = await ws().workers(w.workerSid).fetch();
    expect(worker.activitySid).toBe(w.afterCall);
    await ws().workers(w.workerSid).update({ activitySid: w.offline });
  });

  it("an assigned call hung up moves the task to wrapping and ends the worker's leg", async () => {
    const call = await placeCall("+15557770004");
    await ws().workers(w.workerSid).update({ activitySid: w.available });
    await w.t.server.events.idle();
    await w.t.server.voice.idle();
    await w.tasklane(`/tasklane/v1/Calls/${call.sid}`, { Status: "completed" });
    const task = await ws().tasks(call.task_sid).fetch();
    expect(task.assignmentStatus).toBe("wrapping");
    const legSid = JSON.parse(task.attributes).worker_call_sid as string;
    expect((await w.tasklane(`/tasklane/v1/Calls/${legSid}`)).body.status).toBe("completed");
    await ws().tasks(call.task_sid).update({ assignmentStatus: "completed", reason: "done" });
    await ws().workers(w.workerSid).update({ activitySid: w.offline });
  });
});

describe("errors", () => {
  it("an unknown workflow in <Enqueue> is error 14220 in the transcript and the call ends", async () => {
    const { body } = await w.tasklane("/tasklane/v1/Calls", {
      To: "+1555",
      From: "+1666",
      Twiml:
        '<Response><Enqueue workflowSid="WW00000000000000000000000000000000"><Task>{}</Task></Enqueue></Response>',
    });
    const error = (body.transcript as Array<Record<string, unknown>>).find((e) => e.event === "error");
    expect(error).toMatchObject({ code: 14220 });
    expect(body.status).toBe("completed");
  });

  it("TwiML that is not XML is 12100 and the call fails; a missing To is 21201", async () => {
    const { body } = await w.tasklane("/tasklane/v1/Calls", {
      To: "+1555",
      From: "+1666",
      Twiml: "<Response><Say>hi</Response>",
    });
    expect(body.status).toBe("failed");
    expect(
      (body.transcript as Array<Record<string, unknown>>).find((e) => e.event === "error"),
    ).toMatchObject({ code: 12100 });
    const missing = await w.tasklane("/tasklane/v1/Calls", { From: "+1666", Url: w.receiver.url("/voice") });
    expect([missing.status, missing.body.code]).toEqual([400, 21201]);
  });
});

describe("Twilio's Calls API through the official SDK", () => {
  it("client.calls.create, fetch and update({ status: 'completed' })", async () => {
    const created = await w.t.client.calls.create({
      to: "+15550001000",
      from: "+15557770009",
      url: w.receiver.url("/voice"),
    });
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);
    await w.t.server.voice.idle();
    const fetched = await w.t.client.calls(created.sid).fetch();
    expect([fetched.status, fetched.direction]).toEqual(["in-progress", "outbound-api"]);
    const updated = await w.t.client.calls(created.sid).update({ status: "completed" });
    expect(updated.status).toBe("completed");
    await w.t.server.voice.idle();
    expect((await w.t.client.calls(created.sid).fetch()).status).toBe("completed");
  });

  it("update({ twiml }) replaces what the call runs", async () => {
    const created = await w.t.client.calls.create({
      to: "+1555",
      from: "+1777",
      twiml:
        '<Response><Pause length="5"/><Say>one</Say><Enqueue workflowSid="' +
        w.workflowSid +
        '"/></Response>',
    });
    await w.t.server.voice.idle();
    await w.t.client.calls(created.sid).update({ twiml: "<Response><Say>two</Say></Response>" });
    await w.t.server.voice.idle();
    const { body } = await w.tasklane(`/tasklane/v1/Calls/${created.sid}`);
    const said = (body.transcript as Array<Record<string, unknown>>)
      .filter((e) => e.event === "say")
      .map((e) => e.text);
    expect(said).toEqual(["one", "two"]);
    expect(body.status).toBe("completed");
  });
});

// The TwiML reader: the official SDK's own output, entities, nesting, and Twilio's 12100 for bad documents.
import twilio from "twilio";
import { expect, it } from "vitest";
import { CallRegistry, MAX_CALLS } from "../../src/voice/call-registry.ts";
import { parseTwiml } from "../../src/voice/twiml.ts";
import { VoiceError } from "../../src/voice/voice-errors.ts";

it("reads what twilio.twiml.VoiceResponse writes, Task JSON entities decoded", () => {
  const response = new twilio.twiml.VoiceResponse();
  response.say({ voice: "alice", language: "en-GB" }, "Hello & welcome <friend>");
  response
    .enqueue({ workflowSid: "WW1", waitUrl: "/wait" })
    .task({ priority: 3, timeout: 60 }, JSON.stringify({ type: "call", note: 'a "quote" & <tag>' }));
  const [say, enqueue] = parseTwiml(response.toString());
  expect(say).toMatchObject({
    name: "Say",
    text: "Hello & welcome <friend>",
    attributes: { voice: "alice", language: "en-GB" },
  });
  expect(enqueue?.attributes).toEqual({ workflowSid: "WW1", waitUrl: "/wait" });
  const task = enqueue?.children[0];
  expect(task?.attributes).toEqual({ priority: "3", timeout: "60" });
  expect(JSON.parse(task?.text ?? "")).toEqual({ type: "call", note: 'a "quote" & <tag>' });
});

it("12100 for a document that is not XML or whose root is not <Response>", () => {
  for (const [xml, words] of [
    ["<Response><Say>hi</Response>", "line 1"],
    ["<Hangup/>", "root element must be <Response>, found <Hangup>"],
    ["not xml at all", "Document parse failure"],
  ] as const) {
    let error: unknown;
    try {
      parseTwiml(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VoiceError);
    expect((error as VoiceError).code).toBe(12100);
    expect((error as VoiceError).message).toContain(words);
  }
});

it("the call registry forgets the oldest ended calls beyond its bound, never a live one", () => {
  const calls = new CallRegistry();
  const first = calls.create({
    accountSid: "AC1",
    to: "+1",
    from: "+2",
    direction: "inbound",
    parentCallSid: null,
    now: 0,
  });
  first.status = "in-progress";
  const second = calls.create({
    accountSid: "AC1",
    to: "+1",
    from: "+2",
    direction: "inbound",
    parentCallSid: null,
    now: 0,
  });
  second.status = "completed";
  for (let i = 0; i < MAX_CALLS; i++) {
    const call = calls.create({
      accountSid: "AC1",
      to: "+1",
      from: "+2",
      direction: "inbound",
      parentCallSid: null,
      now: i,
    });
    call.status = "completed";
  }
  expect(calls.get(first.sid)).toBe(first);
  expect(calls.get(second.sid)).toBeUndefined();
  expect(calls.list("AC1")).toHaveLength(MAX_CALLS);
});

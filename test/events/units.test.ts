/** Small pure pieces of the events layer: answers, signature, filter, payload, wire names, config. */
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { snakeCase } from "../../src/events/api/event-json.ts";
import { readAssignmentAnswer } from "../../src/events/assignment/instruction.ts";
import { loadEventsConfig } from "../../src/events/config.ts";
import { backoffDelay } from "../../src/events/delivery/backoff.ts";
import { twilioSignature } from "../../src/events/delivery/signature.ts";
import { eventCallbackParams } from "../../src/events/log/callback-params.ts";
import { parseEventsFilter } from "../../src/events/log/events-filter.ts";

const JSON_TYPE = "application/json; charset=utf-8";

describe("assignment answers", () => {
  it.each([
    ["", "", { kind: "none" }],
    ["text/plain", "   ", { kind: "none" }],
    [JSON_TYPE, "{}", { kind: "none" }],
    [JSON_TYPE, "[1]", { kind: "none" }],
    [
      JSON_TYPE,
      '{"instruction":"ACCEPT"}',
      {
        kind: "instruction",
        command: { type: "reservation.update", instruction: "accept", instructionParams: {} },
      },
    ],
    ["text/html", "<p>ok</p>", { kind: "failed", reason: "answer is not application/json" }],
    [JSON_TYPE, "{", { kind: "failed", reason: "answer is not parsable JSON" }],
    [JSON_TYPE, '{"instruction":"fly"}', { kind: "failed", reason: "unknown instruction" }],
  ])("%s %s", (contentType, body, expected) => {
    expect(readAssignmentAnswer(contentType, body)).toEqual(expected);
  });

  it("maps reject's activity_sid and the dequeue field names", () => {
    expect(readAssignmentAnswer(JSON_TYPE, '{"instruction":"reject","activity_sid":"WA1"}')).toEqual({
      kind: "instruction",
      command: {
        type: "reservation.update",
        instruction: "reject",
        instructionParams: { activity_sid: "WA1" },
        workerActivitySid: "WA1",
      },
    });
    const answer = readAssignmentAnswer(
      JSON_TYPE,
      '{"instruction":"dequeue","to":"+1","status_callback_events":["answered","completed"],"record":null}',
    );
    expect(answer).toMatchObject({
      command: {
        instructionParams: { DequeueTo: "+1", DequeueStatusCallbackEvent: ["answered", "completed"] },
      },
    });
  });
});

describe("signature", () => {
  it("is what twilio.validateRequest expects, and depends on URL and every parameter", () => {
    const token = "a".repeat(32);
    const params = { B: "2", A: "1", Empty: "" };
    const url = "https://example.com/hook?x=1";
    const signature = twilioSignature(token, url, params);
    expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
    expect(twilio.validateRequest(token, signature, url, { ...params, A: "9" })).toBe(false);
    expect(twilio.validateRequest(token, signature, "https://example.com/other", params)).toBe(false);
  });
});

describe("event callback pieces", () => {
  it("parses events_filter with spaces and empty items", () => {
    expect(parseEventsFilter(null)).toBeNull();
    expect(parseEventsFilter(" , ")).toBeNull();
    expect([...(parseEventsFilter("task.created, reservation.created ,") ?? [])]).toEqual([
      "task.created",
      "reservation.created",
    ]);
  });

  it("builds the envelope, leaving out null fields", () => {
    const params = eventCallbackParams({
      sid: "EV1",
      eventType: "task.created",
      resourceType: "Task",
      resourceSid: "WT1",
      description: "created",
      timestamp: 1_700_000_000_123,
      fields: { TaskSid: "WT1", TaskPriority: 3, TaskCanceledReason: null, WorkerAvailable: true },
    });
    expect(params).toEqual({
      TaskSid: "WT1",
      TaskPriority: "3",
      WorkerAvailable: "true",
      Sid: "EV1",
      EventType: "task.created",
      EventDescription: "created",
      ResourceType: "Task",
      ResourceSid: "WT1",
      Timestamp: "1700000000",
      TimestampMs: "1700000000123",
    });
  });

  it("snake_cases field names like TaskRouter's event_data", () => {
    expect(snakeCase("WorkerTimeInPreviousActivityMs")).toBe("worker_time_in_previous_activity_ms");
    expect(snakeCase("TaskQueueSid")).toBe("task_queue_sid");
    expect(snakeCase("TasklaneCallbackFailure")).toBe("tasklane_callback_failure");
  });

  it("backs off exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 5, 60].map((n) => backoffDelay(n, 100, 1000))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
});

describe("events config", () => {
  it("reads the variables and names a bad one", () => {
    expect(loadEventsConfig({ TASKLANE_EVENT_RETENTION_DAYS: "7" }).retentionDays).toBe(7);
    expect(loadEventsConfig({}).assignmentTimeoutMs).toBe(5000);
    expect(() => loadEventsConfig({ TASKLANE_EVENT_CALLBACK_TIMEOUT_MS: "soon" })).toThrow(
      /TASKLANE_EVENT_CALLBACK_TIMEOUT_MS: expected a whole number/,
    );
    expect(() => loadEventsConfig({ TASKLANE_EVENT_RETENTION_DAYS: "0" })).toThrow(/1\.\.3650/);
    const hardened = loadEventsConfig({
      TASKLANE_CALLBACK_TARGETS: "public-only",
      TASKLANE_CALLBACK_MAX_RESPONSE_BYTES: "4096",
      TASKLANE_ASSIGNMENT_CALLBACK_RETRY_BASE_MS: "0",
      TASKLANE_EVENT_CALLBACK_MAX_AGE_MS: "7200000",
    });
    expect(hardened).toMatchObject({
      maxResponseBytes: 4096,
      assignmentRetryBaseMs: 0,
      eventCallbackMaxAgeMs: 7_200_000,
      targets: { mode: "public-only" },
    });
    expect(loadEventsConfig({})).toMatchObject({
      maxResponseBytes: 65_536,
      assignmentRetryBaseMs: 5_000,
      assignmentRetryMaxMs: 300_000,
      eventCallbackMaxAgeMs: 3_600_000,
      maxSocketsPerOrigin: 256,
      targets: { mode: "allow-all" },
    });
    expect(() => loadEventsConfig({ TASKLANE_CALLBACK_MAX_RESPONSE_BYTES: "10" })).toThrow(
      /TASKLANE_CALLBACK_MAX_RESPONSE_BYTES: expected 1024\.\./,
    );
  });
});

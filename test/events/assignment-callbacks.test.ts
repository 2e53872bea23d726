/**
 * Assignment callbacks against real HTTP receivers: parameters and Twilio signature (checked with
 * the official SDK's validator), every instruction, the fallback path, the cancel path, a hanging
 * receiver and stale answers.
 */
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.ts";
import { eventually, type Receiver, startReceiver } from "./support/receiver.ts";
import { routing, startEventsServer } from "./support/setup.ts";

const json = (body: unknown) => ({
  status: 200,
  contentType: "application/json",
  body: JSON.stringify(body),
});

describe("Assignment callbacks", () => {
  let t: TestServer;
  let receiver: Receiver;
  let fallback: Receiver;
  beforeAll(async () => {
    t = await startEventsServer();
    receiver = await startReceiver();
    fallback = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await fallback.close();
  });

  async function reservationOf(r: Awaited<ReturnType<typeof routing>>, taskSid: string) {
    const [reservation] = await r.ws.tasks(taskSid).reservations.list();
    if (reservation === undefined) throw new Error("no reservation");
    return reservation;
  }

  async function settle() {
    await t.server.events.idle();
    await t.server.runtime.idle();
  }

  it("POSTs TaskRouter's parameters, signed so twilio.validateRequest accepts them", async () => {
    receiver.setHandler(() => ({ status: 200 }));
    const r = await routing(t, { assignmentCallbackUrl: receiver.url("/assign?tenant=acme&x=%C3%A9") });
    const workerSid = await r.worker("Alice");
    const taskSid = await r.task({ type: "support", lang: "en" });
    await receiver.waitFor((reqs) => reqs.some((q) => q.params.TaskSid === taskSid), "the callback");
    const request = receiver.requests.find((q) => q.params.TaskSid === taskSid);
    if (request === undefined) throw new Error("no request");
    const reservation = await reservationOf(r, taskSid);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.params).toEqual({
      AccountSid: t.accountSid,
      WorkspaceSid: r.wsSid,
      WorkflowSid: r.workflowSid,
      TaskQueueSid: r.queueSid,
      TaskSid: taskSid,
      TaskAttributes: JSON.stringify({ type: "support", lang: "en" }),
      TaskAge: "0",
      TaskPriority: "0",
      WorkerSid: workerSid,
      WorkerName: "Alice",
      WorkerAttributes: JSON.stringify({ skills: ["support"], name: "Alice" }),
      ReservationSid: reservation.sid,
      Timestamp: String(Math.floor((t.clock?.now() ?? 0) / 1000)),
    });
    const signature = String(request.headers["x-twilio-signature"]);
    expect(twilio.validateRequest(t.authToken, signature, request.url, request.params)).toBe(true);
    expect(twilio.validateRequest("0".repeat(32), signature, request.url, request.params)).toBe(false);
    // A plain 200 leaves the reservation pending.
    await settle();
    expect((await reservationOf(r, taskSid)).reservationStatus).toBe("pending");
  });

  it("obeys accept", async () => {
    receiver.setHandler(() => json({ instruction: "accept" }));
    const r = await routing(t, { assignmentCallbackUrl: receiver.url("/accept") });
    await r.worker("Bob");
    const taskSid = await r.task();
    await eventually(
      async () => (await r.ws.tasks(taskSid).fetch()).assignmentStatus === "assigned",
      "accept",
    );
    expect((await reservationOf(r, taskSid)).reservationStatus).toBe("accepted");
  });

  it("obeys reject with activity_sid: the worker moves and the task is routed again", async () => {
    const r = await routing(t, { assignmentCallbackUrl: receiver.url("/reject") });
    receiver.setHandler(() => json({ instruction: "reject", activity_sid: r.activity("Offline") }));
    const workerSid = await r.worker("Carol");
    const taskSid = await r.task();
    await eventually(
      async () => (await r.ws.workers(workerSid).fetch()).activityName === "Offline",
      "reject",
    );
    expect((await reservationOf(r, taskSid)).reservationStatus).toBe("rejected");
    expect((await r.ws.tasks(taskSid).fetch()).assignmentStatus).toBe("pending");
  });

  it.each([
    [
      "dequeue",
      { from: "+15550001", post_work_activity_sid: "Offline", timeout: 30 },
      { DequeueFrom: "+15550001", DequeuePostWorkActivitySid: "Offline", DequeueTimeout: "30" },
    ],
    [
      "call",
      { from: "+15550001", url: "https://example.com/twiml", accept: true },
      { CallFrom: "+15550001", CallUrl: "https://example.com/twiml", CallAccept: "true" },
    ],
    [
      "redirect",
      { call_sid: `CA${"1".repeat(32)}`, url: "https://example.com/r", accept: true },
      {
        RedirectCallSid: `CA${"1".repeat(32)}`,
        RedirectUrl: "https://example.com/r",
        RedirectAccept: "true",
      },
    ],
    [
      "conference",
      { from: "+15550001", post_work_activity_sid: "Offline", end_conference_on_exit: true },
      { From: "+15550001", PostWorkActivitySid: "Offline", EndConferenceOnExit: "true" },
    ],
  ])(
    "obeys %s: accepts and records the instruction with its parameters",
    async (instruction, answer, recorded) => {
      const r = await routing(t, { assignmentCallbackUrl: receiver.url(`/${instruction}`) });
      const offline = r.activity("Offline");
      const withSid = (o: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === "Offline" ? offline : v]));
      receiver.setHandler(() => json({ instruction, ...withSid(answer) }));
      const workerSid = await r.worker(`W-${instruction}`);
      const taskSid = await r.task();
      await eventually(
        async () => (await r.ws.tasks(taskSid).fetch()).assignmentStatus === "assigned",
        instruction,
      );
      const reservation = t.server.runtime
        .workspace(r.wsSid)
        ?.view.reservation((await reservationOf(r, taskSid)).sid);
      expect(reservation?.reservationStatus).toBe("accepted");
      expect(reservation?.instruction).toBe(instruction);
      expect(reservation?.instructionParams).toEqual(withSid(recorded));
      if ("post_work_activity_sid" in answer) {
        await r.ws.tasks(taskSid).update({ assignmentStatus: "completed", reason: "done" });
        expect((await r.ws.workers(workerSid).fetch()).activitySid).toBe(offline);
      }
    },
  );

  it.each([
    ["a non-2xx status", () => ({ status: 500, body: "boom" }), /HTTP 500/],
    [
      "a wrong content type",
      () => ({ status: 200, contentType: "text/html", body: "<p>ok</p>" }),
      /not application\/json/,
    ],
    [
      "unparsable JSON",
      () => ({ status: 200, contentType: "application/json", body: "{nope" }),
      /not parsable JSON/,
    ],
    ["an unknown instruction", () => json({ instruction: "teleport" }), /unknown instruction$/],
    [
      "an answer over TASKLANE_CALLBACK_MAX_RESPONSE_BYTES (64 KiB)",
      () => json({ instruction: "accept", padding: "x".repeat(70 * 1024) }),
      /is longer than 65536 bytes/,
    ],
  ])("falls back to the fallback URL after %s", async (_name, reply, reason) => {
    receiver.setHandler(reply);
    fallback.setHandler(() => json({ instruction: "accept" }));
    const r = await routing(t, {
      assignmentCallbackUrl: receiver.url("/primary"),
      fallbackAssignmentCallbackUrl: fallback.url("/fallback"),
    });
    await r.worker("Dave");
    const logs: string[] = [];
    const original = console.error;
    console.error = (line: string) => logs.push(line);
    try {
      const taskSid = await r.task();
      await eventually(
        async () => (await r.ws.tasks(taskSid).fetch()).assignmentStatus === "assigned",
        "fallback",
      );
      const sent = fallback.requests.find((q) => q.params.TaskSid === taskSid);
      const reservationSid = (await reservationOf(r, taskSid)).sid;
      expect(sent?.params.ReservationSid).toBe(reservationSid);
      // The primary failure is visible in the event log, with its reason, before the fallback's answer.
      const failures = await r.ws.events.list({ reservationSid, eventType: "reservation.callback-failed" });
      expect(failures).toHaveLength(1);
      expect(String(failures[0]?.eventData.tasklane_callback_failure)).toMatch(reason);
      expect(
        twilio.validateRequest(
          t.authToken,
          String(sent?.headers["x-twilio-signature"]),
          sent?.url ?? "",
          sent?.params ?? {},
        ),
      ).toBe(true);
    } finally {
      console.error = original;
    }
    expect(
      logs.some((line) => /assignment callback for reservation WR\w+ failed/.test(line) && reason.test(line)),
    ).toBe(true);
  });

  it("cancels the reservation when both URLs fail, says why in the event, and routes the task again", async () => {
    receiver.setHandler(() => ({ status: 503 }));
    const deadFallback = await startReceiver();
    const deadUrl = deadFallback.url("/gone");
    await deadFallback.close();
    const r = await routing(t, {
      assignmentCallbackUrl: receiver.url("/down"),
      fallbackAssignmentCallbackUrl: deadUrl,
      multiTaskEnabled: false,
    });
    const workerSid = await r.worker("Erin");
    const original = console.error;
    console.error = () => {};
    try {
      const taskSid = await r.task();
      await eventually(async () => {
        const events = await r.ws.events.list({ eventType: "reservation.canceled", taskSid });
        return events.length > 0;
      }, "the cancel");
      const [canceled] = await r.ws.events.list({ eventType: "reservation.canceled", taskSid });
      expect(canceled?.description).toMatch(
        /assignment callback failed \(assignment callback: HTTP 503 .*fallback assignment callback: .*unreachable/,
      );
      expect((canceled?.eventData as Record<string, unknown> | undefined)?.tasklane_callback_failure).toMatch(
        /HTTP 503/,
      );
      // Stop the loop (the same worker would be offered the task again) and check the state.
      receiver.setHandler(() => ({ status: 200 }));
      await r.ws.workers(workerSid).update({ activitySid: r.activity("Offline") });
      await settle();
    } finally {
      console.error = original;
    }
    const statuses = (await r.ws.workers(workerSid).reservations.list()).map((x) => x.reservationStatus);
    expect(statuses).toContain("canceled");
  });

  it("gives up on a receiver that hangs and uses the fallback", async () => {
    receiver.setHandler(() => ({ hang: true }));
    fallback.setHandler(() => json({ instruction: "accept" }));
    const r = await routing(t, {
      assignmentCallbackUrl: receiver.url("/hang"),
      fallbackAssignmentCallbackUrl: fallback.url("/after-hang"),
    });
    await r.worker("Frank");
    const original = console.error;
    const logs: string[] = [];
    console.error = (line: string) => logs.push(line);
    try {
      const taskSid = await r.task();
      await eventually(
        async () => (await r.ws.tasks(taskSid).fetch()).assignmentStatus === "assigned",
        "accept",
      );
    } finally {
      console.error = original;
    }
    expect(logs.some((line) => /no answer from .* within 300 ms/.test(line))).toBe(true);
  });

  it("ignores an answer that arrives after the reservation moved on", async () => {
    const slow = await startReceiver();
    const r = await routing(t, { assignmentCallbackUrl: slow.url("/slow") });
    // The receiver answers only once the test accepted over REST.
    slow.setHandler(() => ({ hang: true }));
    await r.worker("Gina");
    const taskSid = await r.task();
    await slow.waitFor((reqs) => reqs.length === 1, "the callback");
    const reservation = await reservationOf(r, taskSid);
    await r.ws
      .tasks(taskSid)
      .reservations(reservation.sid)
      .update({ reservationStatus: "rejected", workerActivitySid: r.activity("Offline") });
    const original = console.error;
    const logs: string[] = [];
    console.error = (line: string) => logs.push(line);
    try {
      await settle();
    } finally {
      console.error = original;
      await slow.close();
    }
    // The hanging callback timed out, found no fallback and tried to cancel: the reservation had
    // already been rejected, so nothing changed.
    expect(logs.some((line) => /no longer pending: left as is/.test(line))).toBe(true);
    expect((await reservationOf(r, taskSid)).reservationStatus).toBe("rejected");
  });
});

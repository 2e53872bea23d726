/**
 * Event callbacks against real receivers: envelope and fields, Twilio signature, events_filter,
 * order, a receiver that is down for a while (every event once, in order, after it comes back), a
 * dead receiver that delays no other workspace, and delivery that survives a restart.
 */
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.ts";
import { eventually, type Receiver, startReceiver } from "./support/receiver.ts";
import { routing, startEventsServer } from "./support/setup.ts";

describe("Event callbacks", () => {
  let t: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startEventsServer();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const of = (wsSid: string) => receiver.requests.filter((q) => q.params.WorkspaceSid === wsSid);

  it("POSTs every event with TaskRouter's envelope and fields, signed like Twilio", async () => {
    const r = await routing(t, { eventCallbackUrl: receiver.url("/events?ws=1") });
    const workerSid = await r.worker("Alice");
    await t.server.events.idle();
    const requests = of(r.wsSid);
    const types = requests.map((q) => q.params.EventType);
    expect(types).toContain("worker.created");
    expect(types).toContain("worker.activity.update");
    const update = requests.find((q) => q.params.EventType === "worker.activity.update");
    if (update === undefined) throw new Error("no worker.activity.update");
    const now = t.clock?.now() ?? 0;
    expect(update.params).toMatchObject({
      AccountSid: t.accountSid,
      WorkspaceSid: r.wsSid,
      WorkspaceName: "Events",
      ResourceType: "Worker",
      ResourceSid: workerSid,
      WorkerSid: workerSid,
      WorkerName: "Alice",
      WorkerActivityName: "Available",
      WorkerPreviousActivitySid: r.activity("Offline"),
      WorkerTimeInPreviousActivity: "0",
      WorkerTimeInPreviousActivityMs: "0",
      Timestamp: String(Math.floor(now / 1000)),
      TimestampMs: String(now),
    });
    expect(update.params.EventDescription).toMatch(/Available/);
    expect(update.params.Sid).toMatch(/^EV[0-9a-f]{32}$/);
    for (const request of requests) {
      const signature = String(request.headers["x-twilio-signature"]);
      expect(twilio.validateRequest(t.authToken, signature, request.url, request.params)).toBe(true);
    }
    // The same events, in the same order, as the Events API holds them (it lists newest first).
    const listed = await r.ws.events.list();
    expect(requests.map((q) => q.params.Sid)).toEqual(listed.map((e) => e.sid).reverse());
  });

  it("sends only the types listed in events_filter (comma list, spaces allowed)", async () => {
    const r = await routing(t, {
      eventCallbackUrl: receiver.url("/filtered"),
      eventsFilter: "task.created, reservation.created ,task.canceled",
    });
    await r.worker("Bob");
    const taskSid = await r.task();
    await r.ws.tasks(taskSid).update({ assignmentStatus: "canceled", reason: "test" });
    await t.server.events.idle();
    expect(of(r.wsSid).map((q) => q.params.EventType)).toEqual([
      "task.created",
      "reservation.created",
      "task.canceled",
    ]);
  });

  it("delivers every event once, in order, after a receiver was down; other workspaces are not delayed", async () => {
    const flaky = await startReceiver(() => ({ status: 503 }));
    const original = console.error;
    const logs: string[] = [];
    console.error = (line: string) => logs.push(line);
    try {
      const r = await routing(t, { eventCallbackUrl: flaky.url("/flaky") });
      const healthy = await routing(t, { eventCallbackUrl: receiver.url("/healthy") });
      await r.worker("Carol");
      const taskSid = await r.task();
      await flaky.waitFor((reqs) => reqs.length >= 3, "a few failed attempts");
      // Meanwhile the other workspace's callbacks flow.
      await healthy.worker("Dan");
      await eventually(() => of(healthy.wsSid).length > 0, "the healthy workspace's callbacks");
      const before = flaky.requests.length;
      flaky.setHandler(() => ({ status: 204 }));
      await r.ws.tasks(taskSid).update({ assignmentStatus: "canceled", reason: "done" });
      await eventually(
        () => flaky.requests.slice(before).some((q) => q.params.EventType === "task.canceled"),
        "the backlog",
      );
      expect(logs.some((line) => /event callback .* failed \(attempt 2\): HTTP 503/.test(line))).toBe(true);
      await expectDeliveredInOrder(r, flaky, before);
    } finally {
      console.error = original;
      await flaky.close();
    }
  });
});

/**
 * Every request before `before` was refused (503) and every one after succeeded (204): the
 * successes must be the workspace's events, each exactly once, in sequence order.
 */
async function expectDeliveredInOrder(
  r: Awaited<ReturnType<typeof routing>>,
  flaky: Receiver,
  before: number,
) {
  const listed = (await r.ws.events.list()).map((e) => e.sid).reverse();
  const successes = flaky.requests.slice(before).map((q) => q.params.Sid);
  expect(successes).toEqual(listed);
  // While down, only the oldest event was tried (the head of the outbox blocks the rest).
  expect(new Set(flaky.requests.slice(0, before).map((q) => q.params.Sid))).toEqual(new Set([listed[0]]));
}

describe("Event callbacks across a restart", () => {
  it("keeps undelivered callbacks in the outbox and sends them after the restart", async () => {
    const t = await startEventsServer("sqlite");
    const receiver = await startReceiver(() => ({ status: 500 }));
    const original = console.error;
    console.error = () => {};
    try {
      const r = await routing(t, { eventCallbackUrl: receiver.url("/later") });
      await r.worker("Eve");
      await receiver.waitFor((reqs) => reqs.length >= 1, "an attempt");
      const expected = (await r.ws.events.list()).map((e) => e.sid).reverse();
      await t.restart();
      const seenBefore = receiver.requests.length;
      receiver.setHandler(() => ({ status: 200 }));
      await eventually(() => {
        const after = receiver.requests.slice(seenBefore).map((q) => q.params.Sid);
        return after.length >= expected.length && after.at(-1) === expected.at(-1);
      }, "the outbox after the restart");
      const after = [...new Set(receiver.requests.slice(seenBefore).map((q) => q.params.Sid))];
      expect(after).toEqual(expected);
    } finally {
      console.error = original;
      await t.close();
      await receiver.close();
    }
  });
});

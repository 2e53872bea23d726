/**
 * Issue 10 item 7 (and the server side of item 6): event callbacks follow the workspace's CURRENT
 * EventCallbackUrl, a dead entry is dropped after TASKLANE_EVENT_CALLBACK_MAX_AGE_MS with an event
 * and a log line, and the operator sees and purges the queue at
 * /tasklane/v1/Workspaces/{WS}/EventCallbacks/Queue. Real receivers, the simulated clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimulatedClock, startTestServer, type TestServer } from "../support/server.ts";
import { eventually, type Receiver, startReceiver } from "./support/receiver.ts";
import { FAST_CALLBACKS, routing } from "./support/setup.ts";

function start(env: Record<string, string>) {
  return startTestServer({
    database: "sqlite",
    clock: new SimulatedClock(),
    env: { ...FAST_CALLBACKS, ...env },
  });
}

async function queueApi(
  t: TestServer,
  wsSid: string,
  method = "GET",
  auth = `${t.accountSid}:${t.authToken}`,
) {
  const response = await fetch(`${t.baseUrl}/tasklane/v1/Workspaces/${wsSid}/EventCallbacks/Queue`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(auth).toString("base64")}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Event callback queue", () => {
  let logs: string[];
  const original = console.error;
  let dead: Receiver;
  let good: Receiver;
  beforeEach(async () => {
    logs = [];
    console.error = (line: string) => logs.push(line);
    dead = await startReceiver(() => ({ status: 503, body: "SECRET-BODY" }));
    good = await startReceiver(() => ({ status: 204 }));
  });
  afterEach(async () => {
    console.error = original;
    await dead.close();
    await good.close();
  });

  it("sends queued callbacks to the URL the workspace has now, at once", async () => {
    // A retry delay far beyond the test: only the URL change can let the queue through.
    const t = await start({
      TASKLANE_EVENT_CALLBACK_RETRY_BASE_MS: "600000",
      TASKLANE_EVENT_CALLBACK_RETRY_MAX_MS: "600000",
    });
    try {
      const r = await routing(t, { eventCallbackUrl: dead.url("/old") });
      await r.worker("Alice");
      await dead.waitFor((reqs) => reqs.length >= 1, "a failed attempt");
      await r.ws.update({ eventCallbackUrl: good.url("/new") });
      const expected = (await r.ws.events.list()).map((e) => e.sid).reverse();
      await good.waitFor((reqs) => reqs.length >= expected.length, "the queue at the new URL");
      expect(good.requests.map((q) => q.params.Sid)).toEqual(expected);
      expect(dead.requests).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it("drops callbacks still failing past the maximum age, with an event and a log line", async () => {
    const t = await start({ TASKLANE_EVENT_CALLBACK_MAX_AGE_MS: "60000" });
    try {
      const r = await routing(t, { eventCallbackUrl: dead.url("/dead") });
      await r.worker("Bob");
      await dead.waitFor((reqs) => reqs.length >= 2, "failed attempts");
      const queued = ((await queueApi(t, r.wsSid)).body.entries as unknown[]).length;
      expect(queued).toBeGreaterThan(1);
      await t.advance(61_000);
      await eventually(
        async () => ((await queueApi(t, r.wsSid)).body.entries as unknown[]).length === 0,
        "the drop",
      );
      const [dropped] = await r.ws.events.list({ eventType: "workspace.event-callbacks-dropped" });
      expect(dropped?.description).toMatch(
        /event callback\(s\) of Workspace Events dropped: still failing after 60000 ms/,
      );
      expect(dropped?.eventData.tasklane_dropped_count).toBe(queued);
      expect(String(dropped?.eventData.tasklane_callback_failure)).toMatch(/HTTP 503/);
      expect(String(dropped?.eventData.tasklane_callback_failure)).not.toMatch(/SECRET/);
      expect(logs.some((l) => /dropped \d+ queued callback\(s\) #1\.\.#\d+: still failing/.test(l))).toBe(
        true,
      );
      // The drop record is never itself sent to the dead receiver.
      await t.server.events.idle();
      expect(dead.requests.some((q) => q.params.EventType === "workspace.event-callbacks-dropped")).toBe(
        false,
      );
    } finally {
      await t.close();
    }
  });

  it("shows the queue and its state to the operator, and purges it", async () => {
    const t = await start({});
    try {
      const r = await routing(t, { eventCallbackUrl: dead.url("/dead") });
      await r.worker("Carol");
      await dead.waitFor((reqs) => reqs.length >= 2, "failed attempts");
      const { status, body } = await queueApi(t, r.wsSid);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        workspace_sid: r.wsSid,
        event_callback_url: dead.url("/dead"),
        last_failure: `HTTP 503 from ${dead.url("/dead")}`,
        has_more: false,
        url: `${t.baseUrl}/tasklane/v1/Workspaces/${r.wsSid}/EventCallbacks/Queue`,
      });
      expect(body.failures).toBeGreaterThanOrEqual(1);
      const entries = body.entries as Array<Record<string, unknown>>;
      expect(entries[0]).toMatchObject({ sequence: 1, event_type: "workspace.created" });
      const purge = await queueApi(t, r.wsSid, "DELETE");
      expect(purge).toEqual({ status: 200, body: { workspace_sid: r.wsSid, purged: entries.length } });
      expect((await queueApi(t, r.wsSid)).body.entries).toEqual([]);
      // Authenticated like the rest, errors in Twilio's shape.
      const wrong = await queueApi(t, r.wsSid, "GET", `${t.accountSid}:${"0".repeat(32)}`);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ status: 401, code: 20003 });
      const unknown = await queueApi(t, `WS${"0".repeat(32)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ status: 404, code: 20404 });
      expect(unknown.body.more_info).toEqual(expect.any(String));
    } finally {
      await t.close();
    }
  });
});

describe("Callback targets through the server (TASKLANE_CALLBACK_TARGETS=public-only)", () => {
  let t: TestServer;
  let receiver: Receiver;
  const original = console.error;
  beforeAll(async () => {
    console.error = () => {};
    t = await start({ TASKLANE_CALLBACK_TARGETS: "public-only" });
    receiver = await startReceiver(() => ({ status: 200 }));
  });
  afterAll(async () => {
    console.error = original;
    await t.close();
    await receiver.close();
  });

  it("never reaches a loopback receiver, and says why without more", async () => {
    const r = await routing(t, {
      assignmentCallbackUrl: receiver.url("/assign"),
      eventCallbackUrl: `http://localhost:${new URL(receiver.url()).port}/events`,
      multiTaskEnabled: false,
    });
    await r.worker("Dora");
    const taskSid = await r.task();
    // (events.idle() would wait forever: the blocked event callbacks are retried.)
    await eventually(
      async () => (await r.ws.events.list({ eventType: "reservation.canceled", taskSid })).length > 0,
      "the cancel",
    );
    await eventually(
      async () => (await queueApi(t, r.wsSid)).body.last_failure !== null,
      "a failed event callback",
    );
    const [canceled] = await r.ws.events.list({ eventType: "reservation.canceled", taskSid });
    expect(canceled?.eventData.tasklane_callback_failure).toBe(
      `assignment callback: ${receiver.url("/assign")} blocked (loopback address refused by TASKLANE_CALLBACK_TARGETS=public-only)`,
    );
    const queue = await queueApi(t, r.wsSid);
    expect(String(queue.body.last_failure)).toMatch(/blocked \(loopback address refused/);
    expect(receiver.requests).toHaveLength(0);
  });
});

/** The controllable clock: TASKLANE_CLOCK=simulated and /tasklane/v1/Clock, through real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

const START = "2026-03-02T09:00:00Z";

async function call(t: TestServer, method: "GET" | "POST", form?: Record<string, string>) {
  const response = await fetch(`${t.baseUrl}/tasklane/v1/Clock`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("controllable clock", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { TASKLANE_CLOCK: "simulated", TASKLANE_CLOCK_START: START } });
  });
  afterAll(() => t.close());

  it("reports the simulated time and refuses bad moves with Twilio errors", async () => {
    const now = await call(t, "GET");
    expect(now.body).toMatchObject({
      mode: "simulated",
      now: START,
      now_ms: Date.parse(START),
      next_timer_at: null,
    });
    const refusals: Record<string, string>[] = [
      {},
      { Advance: "-5" },
      { Advance: "ten" },
      { Time: "2020-01-01T00:00:00Z" },
      { Advance: "1", Time: START },
    ];
    for (const form of refusals) {
      const refused = await call(t, "POST", form);
      expect(refused.status, JSON.stringify(form)).toBe(400);
      expect(refused.body).toMatchObject({ code: 20001, status: 400 });
      expect(String(refused.body.message)).toMatch(/Advance|Time/);
    }
    expect((await call(t, "GET")).body.now).toBe(START);
  });

  it("fires each timer at its own moment when time jumps over several", async () => {
    const ws = t.client.taskrouter.v1.workspaces(
      (await t.client.taskrouter.v1.workspaces.create({ friendlyName: "clock" })).sid,
    );
    const available = (await ws.activities.list({ friendlyName: "Available" }))[0]?.sid;
    const queue = await ws.taskQueues.create({ friendlyName: "q", targetWorkers: "1==1" });
    const workflow = await ws.workflows.create({
      friendlyName: "wf",
      taskReservationTimeout: 60,
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }),
    });
    const ann = await ws.workers.create({ friendlyName: "ann", activitySid: available });
    const bob = await ws.workers.create({ friendlyName: "bob", activitySid: available });
    const task = await ws.tasks.create({ workflowSid: workflow.sid });
    const before = Date.parse(String((await call(t, "GET")).body.now));
    expect((await call(t, "GET")).body.next_timer_at).toBe(
      new Date(before + 60_000).toISOString().replace(".000", ""),
    );

    // One call moves 150 s: the first reservation times out at 60 s, the task goes to the other worker,
    // whose reservation times out at 120 s (not at 150 + 60 s), then the first worker is offline too.
    const moved = await call(t, "POST", { Advance: "150" });
    expect(moved.status).toBe(200);
    expect(moved.body.now_ms).toBe(before + 150_000);
    const reservations = await ws.tasks(task.sid).reservations.list();
    expect(reservations.map((r) => r.reservationStatus).sort()).toEqual(["timeout", "timeout"]);
    expect(new Set(reservations.map((r) => r.workerSid))).toEqual(new Set([ann.sid, bob.sid]));
    const updated = reservations.map((r) => r.dateUpdated.getTime()).sort();
    expect(updated).toEqual([before + 60_000, before + 120_000]);

    const at = new Date(before + 3600_000).toISOString();
    expect((await call(t, "POST", { Time: at })).body.now_ms).toBe(before + 3600_000);
  });
});

describe("system clock", () => {
  it("cannot be moved", async () => {
    const t = await startTestServer({ database: "memory" });
    try {
      expect((await call(t, "GET")).body.mode).toBe("system");
      const refused = await call(t, "POST", { Advance: "10" });
      expect(refused.status).toBe(400);
      expect(String(refused.body.message)).toContain("TASKLANE_CLOCK=simulated");
    } finally {
      await t.close();
    }
  });
});

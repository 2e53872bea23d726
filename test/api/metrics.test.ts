/**
 * GET /metrics (issue 17, item 1): Prometheus text with Tasklane's figures, behind credentials unless
 * TASKLANE_METRICS_PUBLIC=1.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

function basic(t: TestServer): string {
  return `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
}

/** The value of one sample line, e.g. `tasklane_reservations_total{outcome="accepted"}`. */
function sample(text: string, prefix: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("metrics", () => {
  let t: TestServer;
  let receiver: Server;
  let callbackUrl: string;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
    receiver = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ instruction: "accept" }));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    callbackUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/assign`;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("needs credentials by default, in Twilio's shape", async () => {
    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 20003, status: 401 });
  });

  it("counts tasks per queue and channel, reservations by outcome, commits, callbacks and the event loop", async () => {
    const tr = t.client.taskrouter.v1;
    const ws = tr.workspaces((await tr.workspaces.create({ friendlyName: "metrics" })).sid);
    const queue = await ws.taskQueues.create({ friendlyName: "Support", targetWorkers: "1==1" });
    const workflow = await ws.workflows.create({
      friendlyName: "wf",
      assignmentCallbackUrl: callbackUrl,
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
    const waiting = await ws.tasks.create({
      workflowSid: workflow.sid,
      attributes: "{}",
      taskChannel: "voice",
    });
    let text = await (await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: basic(t) } })).text();
    const wsSid = waiting.workspaceSid;
    expect(
      sample(
        text,
        `tasklane_tasks{workspace_sid="${wsSid}",queue="Support",channel="voice",status="pending"}`,
      ),
    ).toBe(1);
    expect(sample(text, "tasklane_workspaces")).toBe(1);
    expect(sample(text, 'tasklane_commit_duration_seconds_count{result="ok"}')).toBeGreaterThan(0);
    expect(text).toContain("nodejs_eventloop_lag_seconds");

    const [available] = await ws.activities.list({ friendlyName: "Available" });
    await ws.workers.create({ friendlyName: "alice", activitySid: available?.sid ?? "", attributes: "{}" });
    // The receiver answers accept: wait for the reservation to be accepted.
    for (let i = 0; i < 200; i++) {
      const task = await ws.tasks(waiting.sid).fetch();
      if (task.assignmentStatus === "assigned") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    text = await (await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: basic(t) } })).text();
    expect(sample(text, 'tasklane_reservations_total{outcome="accepted"}')).toBe(1);
    expect(sample(text, "tasklane_task_time_to_reservation_seconds_count")).toBe(1);
    expect(sample(text, "tasklane_task_waiting_seconds_count")).toBe(1);
    expect(sample(text, 'tasklane_callback_duration_seconds_count{kind="assignment",result="ok"}')).toBe(1);
    expect(sample(text, `tasklane_workers{workspace_sid="${wsSid}",activity="Available"}`)).toBe(1);
    expect(sample(text, "tasklane_websockets_open")).toBe(0);
  });
});

describe("metrics opened to scrapers", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory", env: { TASKLANE_METRICS_PUBLIC: "1" } });
  });
  afterAll(() => t.close());

  it("answers without credentials when TASKLANE_METRICS_PUBLIC=1", async () => {
    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    // The rest of the API still needs credentials.
    expect((await fetch(`${t.baseUrl}/v1/Workspaces`)).status).toBe(401);
  });
});

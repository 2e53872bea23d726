/** Explanation and Simulate through real HTTP (fetch + Basic auth; the SDK has no method for them). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock, startTestServer, type TestServer } from "../../support/server.ts";

type Json = Record<string, unknown>;

async function call(
  t: TestServer,
  method: "GET" | "POST",
  path: string,
  form?: Record<string, string>,
  auth = `${t.accountSid}:${t.authToken}`,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(auth).toString("base64")}`,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

describe("diagnostics over HTTP", () => {
  let t: TestServer;
  let ws: string;
  let support: string;
  let workflow: string;
  let alice: string;
  let config: string;

  beforeAll(async () => {
    t = await startTestServer({
      database: "memory",
      clock: new SimulatedClock(Date.parse("2026-03-02T10:00:00Z")),
    });
    const api = t.client.taskrouter.v1;
    ws = (await api.workspaces.create({ friendlyName: "diag" })).sid;
    const w = api.workspaces(ws);
    const offline = (await w.activities.list({ friendlyName: "Offline" }))[0]?.sid ?? "";
    support = (await w.taskQueues.create({ friendlyName: "Support", targetWorkers: "dept == 'support'" }))
      .sid;
    config = JSON.stringify({
      task_routing: {
        filters: [
          {
            filter_friendly_name: "Support",
            expression: "type == 'support'",
            targets: [{ queue: support, timeout: 30 }],
          },
        ],
      },
    });
    workflow = (await w.workflows.create({ friendlyName: "wf", configuration: config })).sid;
    alice = (
      await w.workers.create({
        friendlyName: "alice",
        attributes: JSON.stringify({ dept: "support" }),
        activitySid: offline,
      })
    ).sid;
    await w.workers.create({ friendlyName: "bob", attributes: JSON.stringify({ dept: "sales" }) });
  });
  afterAll(() => t.close());

  it("explains a waiting task in snake_case with ISO deadlines", async () => {
    const task = await t.client.taskrouter.v1
      .workspaces(ws)
      .tasks.create({ workflowSid: workflow, attributes: JSON.stringify({ type: "support" }) });
    await t.advance(10_000);
    const { status, body } = await call(
      t,
      "GET",
      `/tasklane/v1/Workspaces/${ws}/Tasks/${task.sid}/Explanation`,
    );
    expect(status).toBe(200);
    expect(body.summary).toBe("Waiting in queue Support: 1 member, 1 offline; step times out in 20 s");
    expect(body).toMatchObject({
      task_sid: task.sid,
      status: "pending",
      age_seconds: 10,
      ttl_seconds_left: 86_390,
      ttl_at: "2026-03-03T10:00:00Z",
      position: {
        filter_index: 0,
        filter_name: "Support",
        queue_sid: support,
        queue_name: "Support",
        step_deadline_at: "2026-03-02T10:00:30Z",
        step_seconds_left: 20,
        skip_if_checked: false,
      },
      queue: { members: 1, not_in_queue: 1, workers_in_workspace: 2 },
      reservations: { total: 0, assignment_count: 0, max_assignment_count: 1000 },
    });
    const queue = body.queue as { ineligible: Json[] };
    expect(queue.ineligible[0]).toMatchObject({
      reason: "activity_unavailable",
      count: 1,
      examples: [{ sid: alice, friendly_name: "alice", activity_name: "Offline" }],
      by_activity: [{ activity_name: "Offline", count: 1 }],
    });
    const none = await call(
      t,
      "GET",
      `/tasklane/v1/Workspaces/${ws}/Tasks/${task.sid}/Explanation?Examples=0`,
    );
    expect((none.body.queue as { ineligible: { examples: unknown[] }[] }).ineligible[0]?.examples).toEqual(
      [],
    );
  });

  it("refuses bad Examples, unknown tasks and missing credentials", async () => {
    const base = `/tasklane/v1/Workspaces/${ws}/Tasks`;
    const task = (await t.client.taskrouter.v1.workspaces(ws).tasks.list({ limit: 1 }))[0]?.sid ?? "";
    const tooMany = await call(t, "GET", `${base}/${task}/Explanation?Examples=101`);
    expect(tooMany).toMatchObject({ status: 400, body: { code: 20001 } });
    expect(String(tooMany.body.message)).toContain("Examples");
    const missing = await call(t, "GET", `${base}/WT00000000000000000000000000000000/Explanation`);
    expect(missing).toMatchObject({ status: 404, body: { code: 20404 } });
    const anonymous = await call(t, "GET", `${base}/${task}/Explanation`, undefined, "nobody:wrong");
    expect(anonymous.status).toBe(401);
    const foreign = await call(
      t,
      "GET",
      `/tasklane/v1/Workspaces/WS00000000000000000000000000000000/Tasks/${task}/Explanation`,
    );
    expect(foreign.status).toBe(404);
  });

  it("simulates a configuration and a stored workflow without creating anything", async () => {
    const path = `/tasklane/v1/Workspaces/${ws}/Workflows/Simulate`;
    const before = await t.client.taskrouter.v1.workspaces(ws).tasks.list();
    const sim = await call(t, "POST", path, {
      Configuration: config,
      Attributes: JSON.stringify({ type: "support" }),
    });
    expect(sim.status).toBe(200);
    expect(sim.body).toMatchObject({
      outcome: "waits in Support",
      final_outcome:
        "canceled after 30 s: the last step timed out and no later filter matches (workflow.timeout)",
      created_at: "2026-03-02T10:00:10Z",
      task_channel: "default",
      result: { kind: "canceled", cause: "workflow.timeout", at_age: 30 },
    });
    expect((sim.body.steps as Json[])[0]).toMatchObject({
      queue_name: "Support",
      entered_by: "filter_match",
      deadline_at: "2026-03-02T10:00:40Z",
      eligible: 0,
      members: 1,
      exit: "timeout",
    });
    const stored = await call(t, "POST", path, {
      WorkflowSid: workflow,
      Attributes: JSON.stringify({ type: "other" }),
      Time: "2026-03-02T22:00:00Z",
    });
    expect(stored.body).toMatchObject({
      outcome: "canceled: no filter matches and no default_filter (workflow.skipped)",
      created_at: "2026-03-02T22:00:00Z",
    });
    expect(await t.client.taskrouter.v1.workspaces(ws).tasks.list()).toHaveLength(before.length);
    expect(await t.client.taskrouter.v1.workspaces(ws).workflows.list()).toHaveLength(1);
  });

  it("rejects bad configurations with the Workflows resource's own errors", async () => {
    const w = t.client.taskrouter.v1.workspaces(ws);
    const path = `/tasklane/v1/Workspaces/${ws}/Workflows/Simulate`;
    const bad = [
      "{oops",
      "[1]",
      JSON.stringify({ task_routing: { filters: [{ expression: "a ==", targets: [{ queue: support }] }] } }),
      JSON.stringify({ task_routing: { default_filter: { queue: "WQ00000000000000000000000000000000" } } }),
    ];
    for (const configuration of bad) {
      const sim = await call(t, "POST", path, { Configuration: configuration });
      const created = await w.workflows.create({ friendlyName: "x", configuration }).then(
        () => null,
        (error: { status: number; code: number; message: string }) => error,
      );
      expect(created, configuration).not.toBeNull();
      expect(sim.status, configuration).toBe(created?.status);
      expect(sim.body, configuration).toMatchObject({ code: created?.code, message: created?.message });
    }
    const nothing = await call(t, "POST", path, {});
    expect(nothing).toMatchObject({ status: 400, body: { code: 20001 } });
    expect(String(nothing.body.message)).toContain("Configuration");
    const badTime = await call(t, "POST", path, { Configuration: bad[3] ?? "", Time: "tomorrow" });
    expect(String(badTime.body.message)).toContain("Time");
  });
});

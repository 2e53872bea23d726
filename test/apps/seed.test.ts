/**
 * The seed document as a test: its code blocks, read from the verbatim copy in test/fixtures/seed,
 * run unchanged against Tasklane.
 *   - the API blocks (client, workers, task queues, tasks) run here with plain `twilio` and the hook;
 *   - the Functions (worker activity, assignment, voice routing; test/fixtures/seed/app/functions)
 *     run under the real twilio-run, started with `--import tasklane/register` and a .env;
 *   - a simulated call answered by the Enqueue Function, a hang-up canceling its task, `dequeue`
 *     from the assignment Function connecting the worker and the post-work activity on completion.
 * Glue the document leaves to the reader is marked "glue:".
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { block, runSnippet, snippets } from "./seed-blocks.ts";
import { freePort, startTwilioRun, type TwilioRun } from "./twilio-run.ts";

const hook = createRequire(import.meta.url)("../../register/redirect.cjs") as {
  install(env: Record<string, string>): unknown;
};

let t: TestServer;
let run: TwilioRun;
let dir: string;
const env: Record<string, string> = {};
const scope: Record<string, unknown> = {};

beforeAll(async () => {
  t = await startTestServer({ database: "memory" });
  // This test process is a plain twilio app too: the hook sends its requests to Tasklane.
  hook.install({ TASKLANE_URL: t.baseUrl });
  // glue: the workspace the document assumes exists, and the activities its .env names.
  const tr = t.client.taskrouter.v1;
  const workspace = await tr.workspaces.create({ friendlyName: "seed" });
  const ws = tr.workspaces(workspace.sid);
  const activities = await ws.activities.list();
  const find = (name: string) => activities.find((a) => a.friendlyName === name)?.sid ?? "";
  const make = async (name: string, available: boolean) =>
    (await ws.activities.create({ friendlyName: name, available })).sid;
  dir = mkdtempSync(join(tmpdir(), "tasklane-seed-"));
  Object.assign(env, {
    ACCOUNT_SID: t.accountSid,
    AUTH_TOKEN: t.authToken,
    TWILIO_TASKROUTER_WORKSPACE_SID: workspace.sid,
    ACTIVITY_AVAILABLE_SID: find("Available"),
    ACTIVITY_OFFLINE_SID: find("Offline"),
    ACTIVITY_BREAK_SID: await make("Break", false),
    ACTIVITY_BUSY_SID: await make("Busy", false),
    AFTER_CALL_ACTIVITY_SID: await make("After Call", false),
  });
  const queue = await ws.taskQueues.create({ friendlyName: "Everyone", targetWorkers: "1==1" });
  const port = await freePort();
  const workflow = await ws.workflows.create({
    friendlyName: "seed",
    assignmentCallbackUrl: `http://127.0.0.1:${port}/assignment`,
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
  });
  env.TWILIO_TASKROUTER_WORKFLOW_SID = workflow.sid;
  // The .env of the Functions project, as the document's "Environment Variables" block lists it.
  const listed = block("Environment Variables", "")
    .split("\n")
    .map((line) => line.split("=")[0] ?? "")
    .filter((name) => name !== "");
  for (const name of listed) expect(env[name], name).toMatch(/^W[SWA][0-9a-f]{32}$/);
  writeFileSync(
    join(dir, ".env"),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
  );
  run = await startTwilioRun({
    dir: join(import.meta.dirname, "..", "fixtures", "seed", "app"),
    envFile: join(dir, ".env"),
    tasklaneUrl: t.baseUrl,
    via: "import",
    port,
  });
}, 60_000);

afterAll(async () => {
  await run?.stop();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ws = () => t.client.taskrouter.v1.workspaces(env.TWILIO_TASKROUTER_WORKSPACE_SID ?? "");
const context = () => ({ ...env, getTwilioClient: () => twilio(env.ACCOUNT_SID, env.AUTH_TOKEN) });

async function fn(path: string, params: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${run.url}${path}`, { method: "POST", body: new URLSearchParams(params) });
  expect(response.status, `${path}: ${run.output()}`).toBe(200);
  return response.json();
}

async function settle(): Promise<void> {
  await t.server.events.idle();
  await t.server.voice.idle();
}

async function call(
  from: string,
): Promise<{ sid: string; task_sid: string; status: string; transcript: Array<Record<string, unknown>> }> {
  const auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
  const response = await fetch(`${t.baseUrl}/tasklane/v1/Calls`, {
    method: "POST",
    headers: { Authorization: auth },
    body: new URLSearchParams({ To: "+15550100", From: from, Url: `${run.url}/voice` }),
  });
  expect(response.status).toBe(201);
  return response.json() as Promise<{
    sid: string;
    task_sid: string;
    status: string;
    transcript: Array<Record<string, unknown>>;
  }>;
}

async function callState(sid: string): Promise<Record<string, unknown>> {
  const auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
  const response = await fetch(`${t.baseUrl}/tasklane/v1/Calls/${sid}`, { headers: { Authorization: auth } });
  return response.json() as Promise<Record<string, unknown>>;
}

describe("the seed's API blocks, run unchanged with plain twilio and the hook", () => {
  it("Getting the TaskRouter Client", async () => {
    Object.assign(scope, await runSnippet(block("Getting the TaskRouter Client"), { context: context() }));
    expect(scope.workspace).toBeDefined();
  });

  it("Workers: list, get, create, update attributes, update activity", async () => {
    const steps = snippets(block("Workers"));
    expect([...steps.keys()]).toEqual([
      "List workers",
      "Get specific worker",
      "Create worker",
      "Update worker attributes",
      "Update worker activity (Available, Offline, etc.)",
    ]);
    // glue: "Get specific worker" runs before "Create worker" in the document; it gets a worker made here.
    const bob = await ws().workers.create({ friendlyName: "Bob" });
    Object.assign(scope, { workerSid: bob.sid, availableActivitySid: env.ACTIVITY_AVAILABLE_SID });
    const listed = await runSnippet(steps.get("List workers") ?? "", scope);
    expect((listed.workers as unknown[]).length).toBe(1);
    expect(
      ((await runSnippet(steps.get("Get specific worker") ?? "", scope)).worker as { sid: string }).sid,
    ).toBe(bob.sid);
    const created = (await runSnippet(steps.get("Create worker") ?? "", scope)).worker as { sid: string };
    scope.workerSid = created.sid;
    await runSnippet(steps.get("Update worker attributes") ?? "", scope);
    await runSnippet(steps.get("Update worker activity (Available, Offline, etc.)") ?? "", scope);
    const alice = await ws().workers(created.sid).fetch();
    expect([alice.friendlyName, alice.activityName]).toEqual(["Alice", "Available"]);
    expect(JSON.parse(alice.attributes)).toEqual({
      skills: ["english", "billing", "technical"],
      department: "support",
      level: 3,
    });
  });

  it("Attribute Expressions match the Worker Attributes example", async () => {
    const attributes = block("Worker Attributes");
    const worker = await ws().workers.create({
      friendlyName: "Example",
      attributes: JSON.stringify(JSON.parse(attributes)),
    });
    for (const expression of [
      '"skills" HAS "english"',
      "level >= 2",
      'department == "support"',
      '"skills" HAS "english" AND level >= 2',
    ]) {
      const matching = await ws().workers.list({ targetWorkersExpression: expression });
      expect(
        matching.map((w) => w.sid),
        expression,
      ).toContain(worker.sid);
    }
    await ws().workers(worker.sid).remove();
  });

  it("Task Queues: list, create, real-time statistics", async () => {
    const steps = snippets(block("Task Queues"));
    expect((await runSnippet(steps.get("List queues") ?? "", scope)).queues).toHaveLength(1);
    const queue = (await runSnippet(steps.get("Create queue") ?? "", scope)).queue as {
      sid: string;
      targetWorkers: string;
    };
    expect(queue.targetWorkers).toBe('"skills" HAS "english" AND "skills" HAS "support"');
    scope.queueSid = queue.sid;
    const stats = (await runSnippet(steps.get("Get queue statistics") ?? "", scope)).stats as {
      tasksByStatus: unknown;
    };
    expect(stats.tasksByStatus).toMatchObject({ pending: 0, assigned: 0 });
  });

  it("Tasks: create (accepted by the seed's assignment Function under twilio-run), get, update, complete, cancel", async () => {
    const steps = snippets(block("Tasks"));
    const events = { CallSid: "CA00000000000000000000000000000001" };
    const created = (
      await runSnippet(steps.get("Create task") ?? "", { ...scope, context: context(), event: events })
    ).task as { sid: string };
    scope.taskSid = created.sid;
    await settle();
    // The assignment Function answered {instruction: 'accept'} (the task is not a call).
    const fetched = (await runSnippet(steps.get("Get task") ?? "", scope)).task as {
      assignmentStatus: string;
      attributes: string;
    };
    expect(fetched.assignmentStatus).toBe("assigned");
    await runSnippet(steps.get("Update task (change priority, attributes)") ?? "", {
      ...scope,
      task: fetched,
    });
    expect(JSON.parse((await ws().tasks(created.sid).fetch()).attributes).priority).toBe(2);
    await runSnippet(steps.get("Complete task") ?? "", scope);
    expect((await ws().tasks(created.sid).fetch()).assignmentStatus).toBe("completed");
    // glue: "Cancel task" needs a task that is not completed: one made while Alice is offline,
    // through the seed's worker-activity Function under twilio-run.
    expect(await fn("/worker-activity", { workerSid: String(scope.workerSid), activity: "offline" })).toEqual(
      { success: true },
    );
    const pending = await ws().tasks.create({
      workflowSid: env.TWILIO_TASKROUTER_WORKFLOW_SID ?? "",
      attributes: "{}",
    });
    await runSnippet(steps.get("Cancel task") ?? "", { ...scope, taskSid: pending.sid });
    const canceled = await ws().tasks(pending.sid).fetch();
    expect([canceled.assignmentStatus, canceled.reason]).toEqual(["canceled", "customer_hangup"]);
  });
});

describe("the seed's Functions under twilio-run with the hook", () => {
  it("the worker-activity Function changes a worker's activity through twilio-run's own twilio copy", async () => {
    expect(await fn("/worker-activity", { workerSid: String(scope.workerSid), activity: "break" })).toEqual({
      success: true,
    });
    expect((await ws().workers(String(scope.workerSid)).fetch()).activityName).toBe("Break");
    await fn("/worker-activity", { workerSid: String(scope.workerSid), activity: "offline" });
  });

  it("a simulated call answered by the Enqueue Function makes a voice task; a hang-up cancels it", async () => {
    const placed = await call("+15550111");
    expect(placed.status).toBe("in-progress");
    expect(placed.transcript.map((e) => e.event)).toEqual(["created", "webhook", "enqueue"]);
    const task = await ws().tasks(placed.task_sid).fetch();
    expect(task.taskChannelUniqueName).toBe("voice");
    expect(JSON.parse(task.attributes)).toMatchObject({
      type: "call",
      language: "english",
      callSid: placed.sid,
      call_sid: placed.sid,
      from: "+15550111",
      to: "+15550100",
      priority: 1,
    });
    const auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
    await fetch(`${t.baseUrl}/tasklane/v1/Calls/${placed.sid}`, {
      method: "POST",
      headers: { Authorization: auth },
      body: new URLSearchParams({ Status: "completed" }),
    });
    const after = await ws().tasks(placed.task_sid).fetch();
    expect([after.assignmentStatus, after.reason]).toEqual(["canceled", "hangup"]);
  });

  it("dequeue from the assignment Function connects the worker; completing applies AFTER_CALL_ACTIVITY_SID", async () => {
    // glue: the document's worker has no contact_uri; dequeue needs one to reach the worker.
    const alice = await ws().workers(String(scope.workerSid)).fetch();
    await ws()
      .workers(alice.sid)
      .update({
        attributes: JSON.stringify({ ...JSON.parse(alice.attributes), contact_uri: "client:alice" }),
      });
    const placed = await call("+15550112");
    expect(await fn("/worker-activity", { workerSid: alice.sid, activity: "available" })).toEqual({
      success: true,
    });
    await settle();
    const task = await ws().tasks(placed.task_sid).fetch();
    expect(task.assignmentStatus).toBe("assigned");
    const [reservation] = await ws().tasks(placed.task_sid).reservations.list();
    expect(reservation?.reservationStatus).toBe("accepted");
    const workerCall = JSON.parse(task.attributes).worker_call_sid as string;
    const state = await callState(placed.sid);
    expect(state).toMatchObject({ status: "in-progress", bridged_to: workerCall, in_queue: false });
    expect(await callState(workerCall)).toMatchObject({ to: "client:alice", status: "in-progress" });

    await runSnippet(snippets(block("Tasks")).get("Complete task") ?? "", {
      ...scope,
      taskSid: placed.task_sid,
    });
    const worker = await ws().workers(alice.sid).fetch();
    expect(worker.activitySid).toBe(env.AFTER_CALL_ACTIVITY_SID);
  });

  it("twilio-run gives Functions Runtime, Twilio.twiml, Twilio.Response and the .env as context", async () => {
    const shown = (await fn("/context", { a: "1" })) as Record<string, unknown>;
    expect(shown.context).toEqual(
      expect.arrayContaining([
        "ACCOUNT_SID",
        "AUTH_TOKEN",
        "DOMAIN_NAME",
        "PATH",
        "TWILIO_TASKROUTER_WORKFLOW_SID",
      ]),
    );
    expect(shown).toMatchObject({
      path: "/context",
      hasClient: true,
      twiml: "function",
      response: "function",
      event: { a: "1" },
    });
    expect(shown.runtime).toEqual(["getAssets", "getFunctions", "getSync"]);
  });
});

describe("twilio-run with the hook in NODE_OPTIONS", () => {
  it("its forked function runners still reach Tasklane", async () => {
    const other = await startTwilioRun({
      dir: join(import.meta.dirname, "..", "fixtures", "seed", "app"),
      envFile: join(dir, ".env"),
      tasklaneUrl: t.baseUrl,
      via: "NODE_OPTIONS",
    });
    try {
      const response = await fetch(`${other.url}/worker-activity`, {
        method: "POST",
        body: new URLSearchParams({ workerSid: String(scope.workerSid), activity: "busy" }),
      });
      expect(response.status, other.output()).toBe(200);
      expect((await ws().workers(String(scope.workerSid)).fetch()).activityName).toBe("Busy");
    } finally {
      await other.stop();
    }
  });
});

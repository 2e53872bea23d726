/**
 * Failover across processes: two real Tasklane nodes (`node --import tsx src/main.ts`) on one fresh
 * PostgreSQL schema. The first is active, the second a standby (503 / 20503, /healthz standby). After
 * kill -9 of the active node the standby takes over, serves the data written through the first, and a
 * task TTL armed on the first node fires at its original time on the second. Then the second node's
 * lease session is cut: it exits, and a third node takes over.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSchema, postgres, type TestSchema } from "../contract/postgres-harness.ts";
import { spawnTasklane, stopTasklane, type TasklaneProcess } from "../support/tasklane-process.ts";
import { clientFor } from "../support/twilio-client.ts";
import { terminateLeaseHolder } from "./lease-holder.ts";

const ACCOUNT = `AC${"f".repeat(32)}`;
const TOKEN = "f".repeat(32);
const TTL_SECONDS = 6;

type Node = TasklaneProcess;

function startNode(databaseUrl: string): Node {
  return spawnTasklane({
    DATABASE_URL: databaseUrl,
    TASKLANE_ACCOUNT_SID: ACCOUNT,
    TASKLANE_AUTH_TOKEN: TOKEN,
  });
}

async function kill(node: Node, signal: NodeJS.Signals): Promise<void> {
  await stopTasklane(node, signal);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(postgres.available)("two Tasklane nodes on one PostgreSQL database", () => {
  let schema: TestSchema;
  const nodes: Node[] = [];
  beforeAll(async () => {
    schema = await createTestSchema("failover");
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => kill(node, "SIGKILL")));
    await schema?.drop();
  });

  it("keeps one active node; the standby takes over after kill -9 with the data and timers intact", async () => {
    const first = startNode(schema.url);
    nodes.push(first);
    const firstUrl = await first.waitFor(/listening on (http:\/\/\S+)/);
    const second = startNode(schema.url);
    nodes.push(second);
    const standbyUrl = await second.waitFor(/standby on (http:\/\/\S+)/);

    // The standby: 503 everywhere, with Twilio's error body for the API.
    const health = await fetch(`${standbyUrl}/healthz`);
    expect([health.status, await health.json()]).toEqual([503, { status: "standby" }]);
    const onStandby = clientFor(standbyUrl, ACCOUNT, TOKEN);
    await expect(onStandby.taskrouter.v1.workspaces.list()).rejects.toMatchObject({
      status: 503,
      code: 20503,
      message: "standby: this node is not the active Tasklane node",
    });
    await expect(onStandby.taskrouter.v1.workspaces.create({ friendlyName: "no" })).rejects.toMatchObject({
      status: 503,
      code: 20503,
    });
    expect((await fetch(`${firstUrl}/healthz`)).status).toBe(200);

    // Data and a pending TTL written through the active node.
    const client = clientFor(firstUrl, ACCOUNT, TOKEN);
    const workspace = await client.taskrouter.v1.workspaces.create({ friendlyName: "failover" });
    const ws = client.taskrouter.v1.workspaces(workspace.sid);
    const worker = await ws.workers.create({ friendlyName: "alice" });
    const nobody = await ws.taskQueues.create({ friendlyName: "nobody", targetWorkers: 'skills HAS "none"' });
    const workflow = await ws.workflows.create({
      friendlyName: "wait",
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: nobody.sid } } }),
    });
    const task = await ws.tasks.create({ workflowSid: workflow.sid, timeout: TTL_SECONDS });
    const answeredAt = Date.now();

    // Let part of the TTL run on the first node, so a timer re-armed from the takeover would be late.
    await sleep(1000);
    await kill(first, "SIGKILL");
    const activeUrl = await second.waitFor(/listening on (http:\/\/\S+)/);
    expect(activeUrl).toBe(standbyUrl);

    const after = clientFor(activeUrl, ACCOUNT, TOKEN).taskrouter.v1.workspaces(workspace.sid);
    expect((await fetch(`${activeUrl}/healthz`)).status).toBe(200);
    expect((await after.fetch()).friendlyName).toBe("failover");
    expect((await after.workers(worker.sid).fetch()).friendlyName).toBe("alice");
    expect((await after.tasks(task.sid).fetch()).assignmentStatus).toBe("pending");

    await sleep(Math.max(0, answeredAt + TTL_SECONDS * 1000 + 500 - Date.now()));
    const expired = await after.tasks(task.sid).fetch();
    expect([expired.assignmentStatus, expired.reason]).toEqual(["canceled", "Task TTL Exceeded"]);
    // Canceled at the TTL armed on the first node (creation + 6 s), not 6 s after the takeover.
    const at = async (eventType: string) =>
      Number((await after.events.list({ taskSid: task.sid, eventType }))[0]?.eventDateMs);
    const firedAfter = (await at("task.canceled")) - (await at("task.created"));
    expect(firedAfter).toBeGreaterThanOrEqual(TTL_SECONDS * 1000);
    expect(firedAfter).toBeLessThan(TTL_SECONDS * 1000 + 1000);

    // A node whose lease session is cut (as by a partition) stops serving and exits; the next standby
    // takes over.
    const third = startNode(schema.url);
    nodes.push(third);
    await third.waitFor(/standby on (http:\/\/\S+)/);
    const secondExit = new Promise<number | null>((done) => second.child.once("exit", done));
    expect(await terminateLeaseHolder(schema)).toBe(1);
    expect(await secondExit).toBe(1);
    expect(second.output()).toContain("lost the PostgreSQL writer lease");
    const thirdUrl = await third.waitFor(/listening on (http:\/\/\S+)/);
    const last = clientFor(thirdUrl, ACCOUNT, TOKEN).taskrouter.v1.workspaces(workspace.sid);
    expect((await last.tasks(task.sid).fetch()).assignmentStatus).toBe("canceled");

    await kill(third, "SIGTERM");
    expect(third.child.exitCode).toBe(0);
  }, 30_000);
});

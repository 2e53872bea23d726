/**
 * Cluster mode on real processes (issue 18, item 6): three nodes on one PostgreSQL schema, each node
 * limited to 3 of the 8 workspaces (so placement spreads them and a newcomer must take a share).
 *   1. any node answers: the official `twilio` SDK pointed at a node that does not own the workspace
 *      (REST, the workspace list, the event stream, the worker SDK's websocket);
 *   2. kill -9 of the owner of a busy workspace while a client creates, accepts and completes tasks
 *      through another node: served again within 10 s, every acknowledged task is there, no task has
 *      two accepted reservations, and a TTL armed on the dead node fires on time on the new owner;
 *   3. a fourth node joins and takes a share while requests run: none fails;
 *   4. SIGTERM of a node hands its workspaces over while requests run: none fails, exit status 0;
 *   5. a node whose workspace lease moved in the database stops that writer without exiting and
 *      serves the workspace again under the new token.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestSchema, postgres, type TestSchema } from "../contract/postgres-harness.ts";
import { clientFor, type TwilioClient } from "../support/twilio-client.ts";
import {
  ACCOUNT,
  BASIC,
  type ClusterNodeProcess,
  clusterView,
  settled,
  startNode,
  stopNode,
  TOKEN,
  until,
} from "./cluster-nodes.ts";

const WORKSPACES = 8;
const LIMIT = { TASKLANE_CLUSTER_MAX_WORKSPACES: "3" };
const TTL_SECONDS = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `step` in a loop until stopped; counts successes and failures, with the time of each. */
function loop(step: () => Promise<void>) {
  const result = { ok: 0, failed: [] as string[], successesAt: [] as number[] };
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        await step();
        result.ok += 1;
        result.successesAt.push(Date.now());
      } catch (error) {
        result.failed.push(
          `${new Date().toISOString()} ${error instanceof Error ? error.message : String(error)}`,
        );
        await sleep(50);
      }
    }
  })();
  return {
    result,
    stop: async () => {
      running = false;
      await done;
      return result;
    },
  };
}

describe.runIf(postgres.available)("three Tasklane nodes in cluster mode on one PostgreSQL schema", () => {
  let schema: TestSchema;
  const nodes: ClusterNodeProcess[] = [];
  beforeAll(async () => {
    schema = await createTestSchema("cluster");
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => stopNode(node, "SIGKILL")));
    // Each node's output, to read after a failure.
    const logs = process.env.TASKLANE_CLUSTER_TEST_LOGS;
    if (logs) for (const [i, node] of nodes.entries()) writeFileSync(`${logs}/node${i}.log`, node.output());
    await schema?.drop();
  });

  it("serves through any node, survives kill -9 of a busy owner, takes a newcomer and a SIGTERM without a failed request", async () => {
    nodes.push(...(await Promise.all([1, 2, 3].map(() => startNode(schema.url, LIMIT)))));
    const [a] = nodes;
    if (a === undefined) throw new Error("no node");
    const admin = clientFor(a.url, ACCOUNT, TOKEN);
    const sids: string[] = [];
    for (let i = 0; i < WORKSPACES; i++)
      sids.push((await admin.taskrouter.v1.workspaces.create({ friendlyName: `ws${i}` })).sid);
    await until("placement over three nodes", async () => {
      const view = await clusterView(a.url);
      return settled(view, WORKSPACES) && view.nodes.every((n) => n.workspaces >= 2 && n.workspaces <= 3);
    });

    // 1. Any node answers, for any workspace.
    const busy = sids[0] ?? "";
    const ownerOf = async (sid: string) =>
      (await clusterView(a.url)).workspaces.find((w) => w.workspace_sid === sid)?.address;
    const busyOwnerUrl = await ownerOf(busy);
    const ownerNode = nodes.find((n) => n.url === busyOwnerUrl);
    const via = nodes.find((n) => n.url !== busyOwnerUrl);
    if (ownerNode === undefined || via === undefined) throw new Error("no owner or no other node");
    for (const node of nodes) {
      const client = clientFor(node.url, ACCOUNT, TOKEN);
      expect((await client.taskrouter.v1.workspaces.list()).map((w) => w.sid).sort()).toEqual(
        [...sids].sort(),
      );
      for (const sid of sids) expect((await client.taskrouter.v1.workspaces(sid).fetch()).sid).toBe(sid);
    }
    const client = clientFor(via.url, ACCOUNT, TOKEN);
    const ws = client.taskrouter.v1.workspaces(busy);
    const available = (await ws.activities.list({ friendlyName: "Available" }))[0]?.sid;
    const worker = await ws.workers.create({ friendlyName: "alice", activitySid: available ?? "" });
    const queue = await ws.taskQueues.create({ friendlyName: "all", targetWorkers: "1==1" });
    const workflow = await ws.workflows.create({
      friendlyName: "all",
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }),
    });
    const nobody = await ws.taskQueues.create({ friendlyName: "nobody", targetWorkers: 'skills HAS "none"' });
    const waiting = await ws.workflows.create({
      friendlyName: "wait",
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: nobody.sid } } }),
    });

    // The worker SDK's websocket and the event stream through a node that does not own the workspace.
    const minted = await fetch(`${via.url}/tasklane/v1/Workspaces/${busy}/Workers/${worker.sid}/Token`, {
      method: "POST",
      headers: { authorization: BASIC },
    });
    const { token } = (await minted.json()) as { token: string };
    const init = await new Promise<Record<string, unknown>>((ok, fail) => {
      const socket = new WebSocket(
        `${via.url.replace("http", "ws")}/v1/wschannels?token=${token}&closeExistingSessions=false`,
      );
      socket.once("message", (data) => {
        socket.close();
        ok(JSON.parse(String(data)) as Record<string, unknown>);
      });
      socket.once("error", fail);
    });
    expect(init).toMatchObject({
      event_type: "init",
      payload: { workspace_sid: busy, channel_id: worker.sid },
    });
    const stream = await fetch(`${via.url}/tasklane/v1/Workspaces/${busy}/EventStream?after=0`, {
      headers: { authorization: BASIC },
    });
    const reader = stream.body?.getReader();
    let streamed = "";
    while (reader !== undefined && !streamed.includes("event: ")) {
      const chunk = await reader.read();
      if (chunk.done) break;
      streamed += new TextDecoder().decode(chunk.value);
    }
    await reader?.cancel();
    expect(streamed).toMatch(/event: workspace\.created|event: worker\.created/);

    // 2. kill -9 of the busy workspace's owner under load through another node.
    const ttlTask = await ws.tasks.create({ workflowSid: waiting.sid, timeout: TTL_SECONDS });
    const ttlAnsweredAt = Date.now();
    const acknowledged: string[] = [];
    const load = loop(async () => {
      const task = await ws.tasks.create({ workflowSid: workflow.sid, attributes: "{}" });
      acknowledged.push(task.sid);
      const reservation = (await ws.tasks(task.sid).reservations.list({ reservationStatus: "pending" }))[0];
      if (reservation === undefined) return;
      await ws.tasks(task.sid).reservations(reservation.sid).update({ reservationStatus: "accepted" });
      await ws.tasks(task.sid).update({ assignmentStatus: "wrapping" });
      await ws.tasks(task.sid).update({ assignmentStatus: "completed", reason: "done" });
    });
    await sleep(1500);
    const killedAt = Date.now();
    await stopNode(ownerNode, "SIGKILL");
    await until(
      "a write served after the kill",
      async () => load.result.successesAt.some((t) => t > killedAt + 200),
      10_000,
    );
    await sleep(1000);
    const loaded = await load.stop();
    const servedAgainMs =
      (loaded.successesAt.find((t) => t > killedAt) ?? Number.POSITIVE_INFINITY) - killedAt;
    expect(servedAgainMs).toBeLessThanOrEqual(10_000);
    expect(loaded.ok).toBeGreaterThan(3);

    const tasks = new Map((await ws.tasks.list({ pageSize: 1000 })).map((t) => [t.sid, t]));
    expect(acknowledged.filter((sid) => !tasks.has(sid))).toEqual([]);
    const accepted = new Map<string, number>();
    for (const r of await ws.workers(worker.sid).reservations.list({ pageSize: 1000 })) {
      if (r.reservationStatus === "accepted" || r.reservationStatus === "completed") {
        accepted.set(r.taskSid, (accepted.get(r.taskSid) ?? 0) + 1);
      }
    }
    expect([...accepted.values()].filter((n) => n > 1)).toEqual([]);

    await sleep(Math.max(0, ttlAnsweredAt + TTL_SECONDS * 1000 + 700 - Date.now()));
    const expired = await ws.tasks(ttlTask.sid).fetch();
    expect([expired.assignmentStatus, expired.reason]).toEqual(["canceled", "Task TTL Exceeded"]);
    const at = async (eventType: string) =>
      Number((await ws.events.list({ taskSid: ttlTask.sid, eventType }))[0]?.eventDateMs);
    const firedAfter = (await at("task.canceled")) - (await at("task.created"));
    expect(firedAfter).toBeGreaterThanOrEqual(TTL_SECONDS * 1000);
    expect(firedAfter).toBeLessThan(TTL_SECONDS * 1000 + 1500);

    // 3. A fourth node joins (two live nodes of limit 3 hold 8: it must take at least 2).
    await until("the survivors hold everything", async () => settled(await clusterView(via.url), WORKSPACES));
    const touring = (c: TwilioClient, prefix: string) => {
      let i = 0;
      return async () => {
        const sid = sids[i++ % sids.length] ?? "";
        await c.taskrouter.v1.workspaces(sid).workers.create({ friendlyName: `${prefix}${i}` });
        await c.taskrouter.v1.workspaces(sid).fetch();
      };
    };
    const joining = loop(touring(client, "join"));
    const fourth = await startNode(schema.url, LIMIT);
    nodes.push(fourth);
    await until("the newcomer's share", async () => {
      const view = await clusterView(via.url);
      return (
        settled(view, WORKSPACES) && (view.nodes.find((n) => n.address === fourth.url)?.workspaces ?? 0) >= 2
      );
    });
    // An operator's pin moves a workspace to the node named, while the requests go on.
    const pinnedSid = sids.find((sid) => sid !== busy) ?? "";
    const pinned = await fetch(`${via.url}/tasklane/v1/Cluster/Workspaces/${pinnedSid}`, {
      method: "POST",
      headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ PinnedTo: fourth.url }).toString(),
    });
    expect([pinned.status, await pinned.json()]).toEqual([
      200,
      { workspace_sid: pinnedSid, pinned_to: fourth.url },
    ]);
    await until("the pinned workspace on the newcomer", async () => {
      const view = await clusterView(via.url);
      return view.workspaces.find((w) => w.workspace_sid === pinnedSid)?.address === fourth.url;
    });
    await sleep(500);
    const joined = await joining.stop();
    expect(joined.failed, joined.failed.join("\n")).toEqual([]);
    expect(joined.ok).toBeGreaterThan(3);

    // 4. SIGTERM hands over while requests run through another node.
    const leaver = nodes.find((n) => n !== via && n !== ownerNode && n.child.exitCode === null);
    if (leaver === undefined) throw new Error("no node to stop");
    const leaving = loop(touring(client, "leave"));
    await sleep(300);
    expect(await stopNode(leaver, "SIGTERM")).toBe(0);
    await until("the leaver's workspaces elsewhere", async () =>
      settled(await clusterView(via.url), WORKSPACES),
    );
    await sleep(500);
    const left = await leaving.stop();
    expect(left.failed, left.failed.join("\n")).toEqual([]);
    const view = await clusterView(via.url);
    expect(view.nodes.some((n) => n.address === leaver.url)).toBe(false);

    // 5. A node that finds a workspace's lease taken (here: its token moved in the database) stops
    //    its writer without exiting, keeps serving, and loads the workspace again under the new token.
    const lease = view.workspaces.find((w) => w.workspace_sid === busy);
    const holder = nodes.find((n) => n.url === lease?.address);
    if (holder === undefined) throw new Error("no owner of the busy workspace");
    const lostBefore = (await clusterView(holder.url)).this_node.workspaces_lost;
    await schema.admin(
      `UPDATE "${schema.name}".workspace_leases SET token = token + 1 WHERE workspace_sid = $1`,
      [busy],
    );
    await until(
      "the owner noticed",
      async () => (await clusterView(holder.url)).this_node.workspaces_lost > lostBefore,
    );
    await until("served again under the new token", async () => {
      await ws.workers.create({ friendlyName: "after-fence" });
      return true;
    });
    expect(holder.child.exitCode).toBeNull();
    console.log(
      `cluster test: served again ${servedAgainMs} ms after kill -9; ${loaded.ok} load steps, ${loaded.failed.length} failed around the kill; ${acknowledged.length} acknowledged tasks`,
    );
  }, 120_000);
});

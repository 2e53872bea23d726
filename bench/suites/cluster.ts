/**
 * Cluster mode (docs/cluster.md) on real processes: three nodes (`node --import tsx src/main.ts`,
 * TASKLANE_CLUSTER=1, heartbeat 500 ms) on a fresh PostgreSQL schema at TASKLANE_TEST_POSTGRES_URL.
 *   failover      kill -9 of the owner of a busy workspace while a client writes to it through another
 *                 node, 10 times (quick: 3), a fresh node started after each kill: time from the kill
 *                 to the first write served again (p50, p99 = the worst of 10), acknowledged writes lost
 *   forwarding    the same request answered by the owner and through another node (sequential, keep-
 *                 alive): the added time per request (median); a worker websocket opened directly and
 *                 through another node: added handshake time, and the relaying node's memory per socket
 *   PostgreSQL    transactions per second of an idle cluster per node (membership and placement rounds),
 *                 and commits per second one workspace sustains (16 writers in parallel)
 * Point TASKLANE_TEST_POSTGRES_URL at a database of its own for the transaction count (it reads
 * pg_stat_database, which counts every schema of the database). The machine is shared with other
 * work when this runs: read the figures as orders of magnitude.
 */
import WebSocket from "ws";
import {
  BASIC,
  type ClusterNodeProcess,
  clusterView,
  settled,
  startNode,
  stopNode,
  until,
} from "../../test/cluster/cluster-nodes.ts";
import { createTestSchema } from "../../test/contract/postgres-harness.ts";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(url: string, method: string, path: string, form?: Record<string, string>) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: BASIC,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function ownerOf(nodes: ClusterNodeProcess[], sid: string): Promise<ClusterNodeProcess> {
  const live = nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  const view = await clusterView(live[0]?.url ?? "");
  const address = view.workspaces.find((w) => w.workspace_sid === sid)?.address;
  const node = live.find((n) => n.url === address);
  if (node === undefined) throw new Error(`no live owner for ${sid}`);
  return node;
}

async function timed(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    out.push(performance.now() - t);
  }
  return out;
}

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const kills = quick ? 3 : 10;
  const schema = await createTestSchema("clusterbench");
  const nodes: ClusterNodeProcess[] = [];
  try {
    nodes.push(...(await Promise.all([1, 2, 3].map(() => startNode(schema.url)))));
    const first = nodes[0]?.url ?? "";
    const sids: string[] = [];
    for (let i = 0; i < 6; i++)
      sids.push(String((await call(first, "POST", "/v1/Workspaces", { FriendlyName: `b${i}` })).sid));
    await until("placement", async () => settled(await clusterView(first), sids.length), 20_000);
    const busy = sids[0] ?? "";

    // Forwarding cost per request.
    const owner = await ownerOf(nodes, busy);
    const other = nodes.find((n) => n !== owner) ?? owner;
    const path = `/v1/Workspaces/${busy}`;
    const rounds = quick ? 300 : 1000;
    await timed(100, () => call(owner.url, "GET", path));
    await timed(100, () => call(other.url, "GET", path));
    const direct = percentile(await timed(rounds, () => call(owner.url, "GET", path)), 50);
    const forwarded = percentile(await timed(rounds, () => call(other.url, "GET", path)), 50);
    let w = 0;
    const writeDirect = percentile(
      await timed(rounds / 4, () => call(owner.url, "POST", `${path}/Workers`, { FriendlyName: `d${w++}` })),
      50,
    );
    const writeForwarded = percentile(
      await timed(rounds / 4, () => call(other.url, "POST", `${path}/Workers`, { FriendlyName: `f${w++}` })),
      50,
    );

    // Per socket: handshake to init frame, directly and relayed; the relaying node's memory.
    // One worker per socket (a worker's sockets are capped).
    let socketsOpened = 0;
    const tokenOf = async () => {
      const form = { FriendlyName: `sock${socketsOpened++}` };
      const worker = String((await call(owner.url, "POST", `${path}/Workers`, form)).sid);
      const minted = await call(owner.url, "POST", `/tasklane/v1/Workspaces/${busy}/Workers/${worker}/Token`);
      return String(minted.token);
    };
    const open = async (url: string) => {
      const token = await tokenOf();
      const t = performance.now();
      const socket = new WebSocket(`${url.replace("http", "ws")}/v1/wschannels?token=${token}`);
      await new Promise((ok, fail) => socket.once("message", ok).once("error", fail));
      return { socket, ms: performance.now() - t };
    };
    const rss = async (url: string) => {
      const text = await (await fetch(`${url}/metrics`, { headers: { authorization: BASIC } })).text();
      return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? Number.NaN);
    };
    const sockets = quick ? 50 : 200;
    const directOpen: number[] = [];
    const relayedOpen: number[] = [];
    const held: WebSocket[] = [];
    for (let i = 0; i < 20; i++) {
      const d = await open(owner.url);
      directOpen.push(d.ms);
      d.socket.close();
    }
    const before = await rss(other.url);
    for (let i = 0; i < sockets; i++) {
      const r = await open(other.url);
      relayedOpen.push(r.ms);
      held.push(r.socket);
    }
    await sleep(500);
    const after = await rss(other.url);
    for (const socket of held) socket.close();

    // PostgreSQL: idle transactions per node, commits per second of one workspace.
    const stat = async () => {
      const { rows } = await schema.admin(
        "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
      );
      return Number((rows[0] as { n: string }).n);
    };
    await sleep(1000);
    const idleStart = await stat();
    await sleep(10_000);
    const idlePerNode = ((await stat()) - idleStart) / 10 / nodes.length;
    const writers = 16;
    const writeUntil = Date.now() + 5000;
    let commits = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, k) => {
        while (Date.now() < writeUntil) {
          await call(owner.url, "POST", `${path}/Workers`, { FriendlyName: `c${k}-${commits++}` });
        }
      }),
    );
    const commitsPerSecond = commits / 5;

    // Failover: kill -9 the busy workspace's owner under writes through another node.
    const served: number[] = [];
    let lost = 0;
    let acknowledgedTotal = 0;
    for (let k = 0; k < kills; k++) {
      const victim = await ownerOf(nodes, busy);
      const via = nodes.find((n) => n !== victim && n.child.exitCode === null && n.child.signalCode === null);
      if (via === undefined) throw new Error("no node to write through");
      const acknowledged: string[] = [];
      const successes: number[] = [];
      const doneAt: number[] = [];
      const killedAtRef = { at: Number.POSITIVE_INFINITY };
      let running = true;
      let i = 0;
      const writer = (async () => {
        while (running) {
          // A write counts as "served again" only when it was sent after the kill.
          const sentAt = Date.now();
          try {
            const sid = String(
              (await call(via.url, "POST", `${path}/Workers`, { FriendlyName: `k${k}-${i++}` })).sid,
            );
            acknowledged.push(sid);
            successes.push(sentAt);
            doneAt.push(Date.now() - killedAtRef.at);
          } catch {
            await sleep(20);
          }
        }
      })();
      await sleep(1000);
      const killedAt = Date.now();
      killedAtRef.at = killedAt;
      await stopNode(victim, "SIGKILL");
      await until("served again", async () => successes.some((t) => t > killedAt), 30_000);
      // From the kill to the answer of the first write sent after it.
      served.push(doneAt[successes.findIndex((t) => t > killedAt)] ?? Number.NaN);
      await sleep(300);
      running = false;
      await writer;
      const stored = new Set(
        (
          (await call(via.url, "GET", `${path}/Workers?PageSize=1000&FriendlyName=`)).workers as
            | Array<{ sid: string }>
            | undefined
        )?.map((x) => x.sid) ?? [],
      );
      // The list is capped at 1000: check each acknowledged worker directly when it is not on it.
      for (const sid of acknowledged) {
        if (stored.has(sid)) continue;
        const res = await fetch(`${via.url}${path}/Workers/${sid}`, { headers: { authorization: BASIC } });
        if (res.status !== 200) lost += 1;
      }
      acknowledgedTotal += acknowledged.length;
      nodes.splice(nodes.indexOf(victim), 1);
      nodes.push(await startNode(schema.url));
      await until(
        "settled after restart",
        async () => settled(await clusterView(via.url), sids.length),
        20_000,
      );
    }
    return [
      {
        name: `failover: kill -9 of a busy owner → served again, p50 of ${kills}`,
        value: Math.round(percentile(served, 50)),
        unit: "ms",
        goal: "≤ 10,000 ms",
        notes: `all: ${served.map((ms) => Math.round(ms)).join(", ")} ms`,
      },
      {
        name: `failover: served again, p99 (worst of ${kills})`,
        value: Math.round(percentile(served, 99)),
        unit: "ms",
        goal: "≤ 10,000 ms",
      },
      {
        name: "failover: acknowledged writes lost",
        value: lost,
        unit: "writes",
        goal: "0",
        notes: `of ${acknowledgedTotal} acknowledged`,
      },
      {
        name: "forwarding: added time per read (median, keep-alive)",
        value: Math.round((forwarded - direct) * 100) / 100,
        unit: "ms",
        reference: { name: "owner answers directly (median)", value: Math.round(direct * 100) / 100 },
      },
      {
        name: "forwarding: added time per write (median)",
        value: Math.round((writeForwarded - writeDirect) * 100) / 100,
        unit: "ms",
        reference: { name: "owner answers directly (median)", value: Math.round(writeDirect * 100) / 100 },
      },
      {
        name: "websocket relay: added handshake time (median)",
        value: Math.round((percentile(relayedOpen, 50) - percentile(directOpen, 50)) * 100) / 100,
        unit: "ms",
        reference: {
          name: "direct handshake to init (median)",
          value: Math.round(percentile(directOpen, 50) * 100) / 100,
        },
      },
      {
        name: "websocket relay: memory of the relaying node per socket",
        value: Math.round((after - before) / sockets / 1024),
        unit: "KiB",
        notes: `${sockets} sockets held open through a non-owner`,
      },
      {
        name: "PostgreSQL: transactions per second per idle node",
        value: Math.round(idlePerNode * 10) / 10,
        unit: "xact/s",
        notes: "heartbeat 500 ms: heartbeat, nodes and leases reads per round",
      },
      {
        name: "PostgreSQL: commits per second of one workspace (16 writers)",
        value: Math.round(commitsPerSecond),
        unit: "commits/s",
      },
    ];
  } finally {
    await Promise.all(nodes.map((node) => stopNode(node, "SIGKILL")));
    await schema.drop();
  }
}

/**
 * Real Tasklane processes in cluster mode (`node --import tsx src/main.ts`, TASKLANE_CLUSTER=1) on one
 * PostgreSQL schema, for the tests of test/cluster and the failover bench (bench/cluster-failover.ts).
 */
import { spawnTasklane, stopTasklane, type TasklaneProcess } from "../support/tasklane-process.ts";

export const ACCOUNT = `AC${"c".repeat(32)}`;
export const TOKEN = "c".repeat(32);
export const BASIC = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString("base64")}`;

/** A cluster node: its process and the URL it listens on. */
export interface ClusterNodeProcess extends TasklaneProcess {
  url: string;
}

export interface ClusterView {
  node_id: number;
  nodes: Array<{ id: number; address: string; alive: boolean; draining: boolean; workspaces: number }>;
  workspaces: Array<{ workspace_sid: string; node_id: number | null; address: string | null; token: number }>;
  this_node: { workspaces_lost: number; forwarded_requests: number };
}

/** Starts one node and resolves once it listens (its URL). */
export async function startNode(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ClusterNodeProcess> {
  const node = spawnTasklane({
    DATABASE_URL: databaseUrl,
    TASKLANE_ACCOUNT_SID: ACCOUNT,
    TASKLANE_AUTH_TOKEN: TOKEN,
    TASKLANE_CLUSTER: "1",
    TASKLANE_CLUSTER_HEARTBEAT_MS: "500",
    TASKLANE_LOG: "warn",
    ...env,
  });
  return { ...node, url: await node.waitFor(/listening on (http:\/\/\S+)/) };
}

export function stopNode(node: ClusterNodeProcess, signal: NodeJS.Signals): Promise<number | null> {
  return stopTasklane(node, signal);
}

export async function clusterView(url: string): Promise<ClusterView> {
  const response = await fetch(`${url}/tasklane/v1/Cluster`, { headers: { authorization: BASIC } });
  if (response.status !== 200) throw new Error(`GET /tasklane/v1/Cluster: ${response.status}`);
  return (await response.json()) as ClusterView;
}

/** Polls `check` every 100 ms until it holds (or throws after `ms`). */
export async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True once every workspace is owned by a live node (none waiting for a claim). */
export function settled(view: ClusterView, count: number): boolean {
  const alive = new Set(view.nodes.filter((n) => n.alive && !n.draining).map((n) => n.id));
  return (
    view.workspaces.length === count &&
    view.workspaces.every((w) => w.node_id !== null && alive.has(w.node_id))
  );
}

/**
 * The cluster settings block (docs/cluster.md), read once at start with the rest of the
 * configuration. Cluster mode is opt-in: without TASKLANE_CLUSTER=1 the node runs as before (alone,
 * or active/standby on PostgreSQL, docs/postgres.md).
 */
import { ConfigError } from "./config-error.ts";
import type { DatabaseTarget } from "./database-url.ts";

export interface ClusterSettings {
  /** How the other nodes reach this one (TASKLANE_NODE_ADDRESS); null = http://HOST:port once listening. */
  address: string | null;
  /** Most workspaces placement gives this node (TASKLANE_CLUSTER_MAX_WORKSPACES); null = no limit. */
  maxWorkspaces: number | null;
  /** Membership heartbeat and placement round (TASKLANE_CLUSTER_HEARTBEAT_MS, default 1000). */
  heartbeatMs: number;
  /** How long a request waits for a workspace that has no live owner yet (default 10 s). */
  forwardWaitMs: number;
}

type Env = Record<string, string | undefined>;

export function loadClusterSettings(env: Env, database: DatabaseTarget): ClusterSettings | null {
  const flag = value(env, "TASKLANE_CLUSTER") ?? "0";
  if (flag !== "0" && flag !== "1")
    throw new ConfigError("TASKLANE_CLUSTER", `expected 0 or 1, got "${flag}"`);
  if (flag === "0") return null;
  if (database.kind !== "postgres") {
    throw new ConfigError(
      "TASKLANE_CLUSTER",
      "cluster mode needs PostgreSQL: set DATABASE_URL=postgres://… (the nodes coordinate through it)",
    );
  }
  const address = value(env, "TASKLANE_NODE_ADDRESS") ?? null;
  if (
    address !== null &&
    (!/^https?:\/\/[^\s/]+$/i.test(address.replace(/\/$/, "")) || !URL.canParse(address))
  ) {
    throw new ConfigError(
      "TASKLANE_NODE_ADDRESS",
      `expected the node's own base URL as the other nodes reach it, e.g. http://10.0.0.5:3000, got "${address}"`,
    );
  }
  return {
    address: address?.replace(/\/$/, "") ?? null,
    maxWorkspaces: whole(env, "TASKLANE_CLUSTER_MAX_WORKSPACES", null, 1, 1_000_000),
    heartbeatMs: whole(env, "TASKLANE_CLUSTER_HEARTBEAT_MS", 1000, 100, 10_000) ?? 1000,
    forwardWaitMs: whole(env, "TASKLANE_CLUSTER_FORWARD_WAIT_MS", 10_000, 0, 120_000) ?? 10_000,
  };
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
}

function whole(env: Env, name: string, fallback: number | null, min: number, max: number): number | null {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `expected ${min}..${max}, got ${n}`);
  return n;
}

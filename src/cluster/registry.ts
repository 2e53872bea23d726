/**
 * The cluster's tables (migration 005_cluster.sql) as the nodes read and change them, on a small pool
 * of the node's own. Which nodes are alive comes from PostgreSQL's lock table: a node is alive while
 * its membership session (./membership.ts) holds its advisory lock, so a node that died is seen dead
 * as soon as PostgreSQL ends its session (at once for a killed process, ~5 s for a machine gone).
 */
import type pg from "pg";

/** Both keys of a node's advisory lock, as SQL (the first names the schema, the second the node). */
export const NODE_LOCK_KEY1 = "hashtext('tasklane-cluster:' || current_schema()::text)";

const ALIVE = `EXISTS (SELECT 1 FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = (${NODE_LOCK_KEY1})::oid AND l.objid = n.id::oid)`;

export interface NodeRow {
  id: number;
  address: string;
  startedAt: number;
  heartbeatAt: number;
  maxWorkspaces: number | null;
  draining: boolean;
  alive: boolean;
}

export interface LeaseRow {
  workspaceSid: string;
  nodeId: number | null;
  token: string;
  acquiredAt: number | null;
  pinnedTo: string | null;
}

export interface Owner {
  nodeId: number | null;
  address: string | null;
  alive: boolean;
}

interface RawNode {
  id: number;
  address: string;
  started_at: string;
  heartbeat_at: string;
  max_workspaces: number | null;
  draining: boolean;
  alive: boolean;
}

interface RawLease {
  workspace_sid: string;
  node_id: number | null;
  token: string;
  acquired_at: string | null;
  pinned_to: string | null;
}

export class ClusterRegistry {
  constructor(private readonly pool: pg.Pool) {}

  async nodes(): Promise<NodeRow[]> {
    const { rows } = await this.pool.query<RawNode>(
      `SELECT n.*, ${ALIVE} AS alive FROM cluster_nodes n ORDER BY n.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      address: row.address,
      startedAt: Number(row.started_at),
      heartbeatAt: Number(row.heartbeat_at),
      maxWorkspaces: row.max_workspaces,
      draining: row.draining,
      alive: row.alive,
    }));
  }

  async leases(): Promise<LeaseRow[]> {
    const { rows } = await this.pool.query<RawLease>("SELECT * FROM workspace_leases ORDER BY workspace_sid");
    return rows.map(leaseOf);
  }

  /** Who owns a workspace now; null when it has no lease row (no such workspace). */
  async ownerOf(workspaceSid: string): Promise<Owner | null> {
    const { rows } = await this.pool.query<{
      node_id: number | null;
      address: string | null;
      alive: boolean | null;
    }>(
      `SELECT l.node_id, n.address, CASE WHEN n.id IS NULL THEN false ELSE ${ALIVE} END AS alive
       FROM workspace_leases l LEFT JOIN cluster_nodes n ON n.id = l.node_id WHERE l.workspace_sid = $1`,
      [workspaceSid],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return { nodeId: row.node_id, address: row.address, alive: row.alive === true };
  }

  /**
   * Takes a workspace whose owner is `from` (null: unowned, or a node that died): bumps the token.
   * The UPDATE waits for the FOR SHARE reads of the old owner's writes still in flight. Returns the
   * new token, or null when someone else moved it first.
   */
  async claim(workspaceSid: string, from: number | null, me: number): Promise<string | null> {
    const { rows } = await this.pool.query<{ token: string }>(
      `UPDATE workspace_leases SET node_id = $2, token = token + 1, acquired_at = $4
       WHERE workspace_sid = $1 AND node_id IS NOT DISTINCT FROM $3 RETURNING token`,
      [workspaceSid, me, from, Date.now()],
    );
    return rows[0]?.token ?? null;
  }

  /** Hands a workspace this node holds (with `token`) to `to` (null: to whoever placement names). */
  async handOver(workspaceSid: string, me: number, token: string, to: number | null): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE workspace_leases SET node_id = $4, token = token + 1, acquired_at = $5
       WHERE workspace_sid = $1 AND node_id = $2 AND token = $3`,
      [workspaceSid, me, token, to, Date.now()],
    );
    return (result.rowCount ?? 0) === 1;
  }

  /** This node's token for a workspace the lease table says it owns, or null. */
  async tokenOf(workspaceSid: string, me: number): Promise<string | null> {
    const { rows } = await this.pool.query<{ token: string }>(
      "SELECT token FROM workspace_leases WHERE workspace_sid = $1 AND node_id = $2",
      [workspaceSid, me],
    );
    return rows[0]?.token ?? null;
  }

  /** Pins a workspace to a node address (null: unpinned); false when the workspace is unknown. */
  async pin(workspaceSid: string, address: string | null): Promise<boolean> {
    const result = await this.pool.query(
      "UPDATE workspace_leases SET pinned_to = $2 WHERE workspace_sid = $1",
      [workspaceSid, address],
    );
    return (result.rowCount ?? 0) === 1;
  }

  /** Forgets nodes dead for over a minute that own nothing (the rest stay visible in /Cluster). */
  async forgetDeadNodes(now: number): Promise<void> {
    await this.pool.query(
      `DELETE FROM cluster_nodes n WHERE n.heartbeat_at < $1 AND NOT ${ALIVE}
       AND NOT EXISTS (SELECT 1 FROM workspace_leases l WHERE l.node_id = n.id)`,
      [now - 60_000],
    );
  }
}

function leaseOf(row: RawLease): LeaseRow {
  return {
    workspaceSid: row.workspace_sid,
    nodeId: row.node_id,
    token: row.token,
    acquiredAt: row.acquired_at === null ? null : Number(row.acquired_at),
    pinnedTo: row.pinned_to,
  };
}

/**
 * One transaction for a state write. With a writer lease (fence.token set), it first reads the lease
 * token FOR SHARE (so a node taking over waits for this transaction, see ./lease.ts) and rolls back
 * unless the token is still ours. A connection found dead at BEGIN (it died while idle in the pool;
 * nothing of the transaction ran) is replaced once; a connection lost later fails the transaction
 * (its client is released as broken, see withPooledClient).
 *
 * Cluster mode (fence.workspaces, docs/cluster.md): instead of the node-wide token, the transaction
 * reads the lease rows of the workspaces it writes (`workspaceSids`) FOR SHARE, in SID order, and
 * rolls back unless each carries the token this node holds; a workspace created on this node gets its
 * lease row here, in the same transaction as its first state.
 */
import type pg from "pg";
import { StoreError } from "../store-errors.ts";
import { connectionLost, withPooledClient } from "./connection.ts";
import type { Fence, WorkspaceFences } from "./lease.ts";

export async function fencedTransaction<T>(
  pool: pg.Pool,
  fence: Fence,
  body: (client: pg.PoolClient) => Promise<T>,
  workspaceSids: readonly string[] = [],
): Promise<T> {
  checkFence(fence);
  const sids = [...new Set(workspaceSids)].sort();
  if (fence.workspaces !== undefined) for (const sid of sids) checkWorkspaceFence(fence.workspaces, sid);
  try {
    return await transactionOnce(pool, fence, body, sids);
  } catch (error) {
    if (!(error instanceof NotBegun)) throw error;
    return transactionOnce(pool, fence, body, sids).catch((again: unknown) => {
      throw again instanceof NotBegun ? again.cause : again;
    });
  }
}

/** Refuses locally once the lease is known lost. */
export function checkFence(fence: Fence): void {
  if (fence.lost !== null) {
    throw new StoreError(
      `this node is not the active writer any more, the write was refused (${fence.lost.message})`,
    );
  }
}

/** Refuses locally a write of a workspace this node does not own (cluster mode). */
export function checkWorkspaceFence(fences: WorkspaceFences, workspaceSid: string): void {
  const refusal = fences.refusal(workspaceSid);
  if (refusal !== null) {
    throw new StoreError(
      `workspace ${workspaceSid} is not owned by this node, the write was refused (${refusal})`,
    );
  }
}

/** Inside the transaction: every workspace written still carries this node's token (cluster mode). */
async function checkWorkspaceTokens(
  client: pg.PoolClient,
  fences: WorkspaceFences,
  sids: readonly string[],
): Promise<void> {
  if (sids.length === 0) return;
  const { rows } = await client.query<{ workspace_sid: string; token: string }>(
    "SELECT workspace_sid, token FROM workspace_leases WHERE workspace_sid = ANY($1::text[]) ORDER BY workspace_sid FOR SHARE",
    [sids],
  );
  const tokens = new Map(rows.map((row) => [row.workspace_sid, row.token]));
  for (const sid of sids) {
    const held = fences.token(sid);
    const stored = tokens.get(sid);
    if (held === undefined && stored === undefined && fences.nodeId !== null) {
      // Created on this node: its lease row comes with its first state.
      await client.query(
        "INSERT INTO workspace_leases (workspace_sid, node_id, token, acquired_at) VALUES ($1, $2, 1, $3)",
        [sid, fences.nodeId, Date.now()],
      );
      fences.hold(sid, "1");
      continue;
    }
    if (held === undefined || stored !== held) {
      const reason = stored === undefined ? "its lease is gone" : `another node holds it (token ${stored})`;
      fences.drop(sid, reason);
      checkWorkspaceFence(fences, sid);
    }
  }
}

function transactionOnce<T>(
  pool: pg.Pool,
  fence: Fence,
  body: (client: pg.PoolClient) => Promise<T>,
  sids: readonly string[],
): Promise<T> {
  return withPooledClient(
    pool,
    async (client) => {
      await client.query("BEGIN").catch((error: unknown) => {
        throw connectionLost(error) ? new NotBegun(error) : error;
      });
      if (fence.token !== null) {
        const { rows } = await client.query<{ token: string }>(
          "SELECT token FROM writer_lease WHERE id = 1 FOR SHARE",
        );
        if (rows[0]?.token !== fence.token) {
          fence.lost ??= new Error(`another node took the lease (token ${rows[0]?.token})`);
          checkFence(fence);
        }
      }
      if (fence.workspaces !== undefined) await checkWorkspaceTokens(client, fence.workspaces, sids);
      const result = await body(client);
      await client.query("COMMIT");
      return result;
    },
    async (client) => {
      await client.query("ROLLBACK");
    },
  );
}

/** BEGIN failed because the connection was gone: nothing of the transaction ran. */
class NotBegun extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

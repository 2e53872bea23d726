/**
 * One transaction for a state write. With a writer lease (fence.token set), it first reads the lease
 * token FOR SHARE (so a node taking over waits for this transaction, see ./lease.ts) and rolls back
 * unless the token is still ours. A connection found dead at BEGIN (it died while idle in the pool;
 * nothing of the transaction ran) is replaced once; a connection lost later fails the transaction
 * (its client is released as broken, see withPooledClient).
 */
import type pg from "pg";
import { StoreError } from "../store-errors.ts";
import { connectionLost, withPooledClient } from "./connection.ts";
import type { Fence } from "./lease.ts";

export async function fencedTransaction<T>(
  pool: pg.Pool,
  fence: Fence,
  body: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  checkFence(fence);
  try {
    return await transactionOnce(pool, fence, body);
  } catch (error) {
    if (!(error instanceof NotBegun)) throw error;
    return transactionOnce(pool, fence, body).catch((again: unknown) => {
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

function transactionOnce<T>(
  pool: pg.Pool,
  fence: Fence,
  body: (client: pg.PoolClient) => Promise<T>,
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

/**
 * The writer lease: which Tasklane node may write to a PostgreSQL database shared by several nodes.
 *
 * States of one node's lease:
 *   waiting  -> a dedicated session blocks in pg_advisory_lock (key: Tasklane's class, the schema).
 *               Nothing is written; the node answers as a standby.
 *   held     -> the lock is ours; we incremented writer_lease.token on the same session and keep that
 *               value as our fencing token. Every state write transaction reads the token FOR SHARE
 *               and refuses to commit when it is no longer ours (see PostgresStore.fencedTransaction).
 *               A heartbeat on the session (every heartbeatMs) re-reads the token.
 *   lost     -> the session ended or errored, a heartbeat failed or timed out, or the token moved:
 *               from this instant the store refuses every state write locally and `lost` resolves;
 *               the node must stop serving. Terminal: a node that lost its lease restarts as a standby.
 *   released -> close(): the session ends, PostgreSQL frees the lock, a standby takes over.
 *
 * Why it is safe: PostgreSQL frees a session-level advisory lock when the session ends (process killed,
 * connection dropped or found dead, see holdOnlyWhileAlive). The next holder bumps the token with an UPDATE, which
 * waits for the FOR SHARE row locks of write transactions still in flight from the old holder; those
 * commit before the new holder loads its state, and any later one reads the new token and rolls back.
 * So no write of the old holder can land after the new holder has read the database.
 */
import pg from "pg";
import type { WriterLease } from "../port.ts";
import type { PostgresTarget } from "../target.ts";
import { cannotConnect, clientConfig, reasonOf } from "./connection.ts";

/** First key of the two-key advisory lock ("TLwr"); the second is a hash of the schema name. */
export const LEASE_LOCK_CLASS = 0x544c7772;

export interface LeaseOptions {
  /** Names this node in writer_lease.holder (diagnostics only). */
  holder: string;
  /** How often the holder checks its session (default 2 s; no answer within 3 heartbeats = lost). */
  heartbeatMs?: number;
  /** The server drops a session silent this long, e.g. of a frozen process (default 60 s). */
  idleTimeoutMs?: number;
  /** Runs once before blocking, when another node holds the lock. */
  onWait?: () => Promise<void>;
}

/** What the store reads before every state write. */
export interface Fence {
  token: string | null;
  lost: Error | null;
  /** Cluster mode (docs/cluster.md): one token per workspace instead of the node-wide one. */
  workspaces?: WorkspaceFences;
}

/**
 * Cluster mode: the fencing token this node holds for each workspace it owns (workspace_leases.token,
 * src/cluster). A write of a workspace commits only while the row still carries the token held here;
 * the node that takes a workspace over bumps the token, and its UPDATE waits for the FOR SHARE reads
 * of writes still in flight, exactly as the node-wide lease does (see the top of this file).
 *   held     -> hold(sid, token): writes of that workspace are checked against `token`
 *   gone     -> drop(sid, reason): refused locally from this instant (lost, handed over, deleted)
 *   unknown  -> a workspace this node never held nor dropped: one created here; its first write
 *               inserts its lease row (owner: this node, token 1) and holds it
 */
export class WorkspaceFences {
  private readonly held = new Map<string, string>();
  private readonly gone = new Map<string, string>();
  private readonly heldAt = new Map<string, number>();

  /** The id of this node in cluster_nodes, null while it is not registered (writes refused). */
  nodeId: number | null = null;

  hold(workspaceSid: string, token: string): void {
    this.gone.delete(workspaceSid);
    this.held.set(workspaceSid, token);
    this.heldAt.set(workspaceSid, Date.now());
  }

  /** When this node started holding the workspace (epoch ms), or null. */
  since(workspaceSid: string): number | null {
    return this.heldAt.get(workspaceSid) ?? null;
  }

  drop(workspaceSid: string, reason: string): void {
    this.held.delete(workspaceSid);
    this.heldAt.delete(workspaceSid);
    this.gone.set(workspaceSid, reason);
  }

  dropAll(reason: string): void {
    for (const sid of [...this.held.keys()]) this.drop(sid, reason);
  }

  token(workspaceSid: string): string | undefined {
    return this.held.get(workspaceSid);
  }

  holds(workspaceSid: string): boolean {
    return this.held.has(workspaceSid);
  }

  /** Why writes of a workspace are refused here, or null when they may be tried. */
  refusal(workspaceSid: string): string | null {
    const reason = this.gone.get(workspaceSid);
    if (reason !== undefined) return reason;
    if (this.nodeId === null) return "this node is not registered in the cluster";
    return null;
  }

  heldSids(): string[] {
    return [...this.held.keys()];
  }
}

export class PostgresLease implements WriterLease {
  readonly lost: Promise<Error>;
  private signalLost: (error: Error) => void = () => {};
  private heartbeat: NodeJS.Timeout | null = null;
  private ended = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly fence: Fence,
  ) {
    this.lost = new Promise((resolve) => {
      this.signalLost = resolve;
    });
  }

  /** Opens the lock session and waits (possibly forever) until this node holds the lease. */
  static async acquire(
    target: PostgresTarget,
    fence: Fence,
    options: LeaseOptions,
    onSession: (lease: PostgresLease) => void,
  ): Promise<PostgresLease> {
    const client = new pg.Client(clientConfig(target));
    const lease = new PostgresLease(client, fence);
    onSession(lease);
    client.on("error", (error) => lease.lose(`the lease session failed: ${reasonOf(error)}`));
    client.on("end", () => lease.lose("the lease session ended"));
    try {
      await client.connect();
    } catch (error) {
      lease.ended = true;
      throw cannotConnect(target, error);
    }
    const key = [LEASE_LOCK_CLASS, target.schema];
    const lockKey = "$1, hashtext(coalesce($2::text, current_schema()::text))";
    const tried = await client.query<{ held: boolean }>(
      `SELECT pg_try_advisory_lock(${lockKey}) AS held`,
      key,
    );
    if (tried.rows[0]?.held !== true) {
      await options.onWait?.();
      await client.query(`SELECT pg_advisory_lock(${lockKey})`, key);
    }
    await holdOnlyWhileAlive(client, options.idleTimeoutMs ?? 60_000);
    const { rows } = await client.query<{ token: string }>(
      "UPDATE writer_lease SET token = token + 1, holder = $1, acquired_at = $2 WHERE id = 1 RETURNING token",
      [options.holder, Date.now()],
    );
    fence.lost = null;
    fence.token = rows[0]?.token ?? null;
    lease.startHeartbeat(options.heartbeatMs ?? 2000);
    return lease;
  }

  /** Ends the session: PostgreSQL frees the lock. Later state writes of this node are refused. */
  async release(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.stopHeartbeat();
    this.fence.lost ??= new Error("the writer lease was released");
    await this.client.end().catch(() => {});
  }

  private startHeartbeat(everyMs: number): void {
    let inFlight = false;
    this.heartbeat = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      // The timeout yields once more (setImmediate runs after pending I/O): after the event loop was
      // blocked (a long restore), an answer that already arrived wins over the expired timer.
      const timeout = new Promise<never>((_, reject) => {
        const expire = () => reject(new Error(`no answer within ${everyMs * 3} ms`));
        setTimeout(() => setImmediate(expire), everyMs * 3).unref();
      });
      const check = this.client.query<{ token: string }>("SELECT token FROM writer_lease WHERE id = 1");
      Promise.race([check, timeout]).then(
        ({ rows }) => {
          inFlight = false;
          const token = rows[0]?.token;
          if (token !== this.fence.token) this.lose(`another node took the lease (token ${token})`);
        },
        (error: unknown) => {
          inFlight = false;
          this.lose(`the lease heartbeat failed: ${reasonOf(error)}`);
        },
      );
    }, everyMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private lose(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stopHeartbeat();
    const error = new Error(`lost the PostgreSQL writer lease: ${reason}`);
    this.fence.lost = error;
    this.signalLost(error);
    void this.client.end().catch(() => {});
  }
}

/**
 * How PostgreSQL notices a holder that is gone without closing its connection, so the lock frees:
 * - the machine or the network is gone: TCP keepalives from the server (idle 2 s, then 3 probes 1 s
 *   apart) and tcp_user_timeout (5 s for unacknowledged data) end the session within about 5 s; the
 *   peer's kernel answers them, so a busy or blocked Node process does not lose its lease this way;
 * - the process is frozen (SIGSTOP, swapping) but its machine answers: idle_session_timeout
 *   (PostgreSQL 14+) ends a session that sent nothing for idleTimeoutMs, despite the heartbeats.
 * Settings the server does not know (older versions, a Unix socket) are skipped.
 */
export async function holdOnlyWhileAlive(client: pg.Client, idleTimeoutMs: number): Promise<void> {
  const settings = {
    tcp_keepalives_idle: 2,
    tcp_keepalives_interval: 1,
    tcp_keepalives_count: 3,
    tcp_user_timeout: 5000,
    idle_session_timeout: Math.floor(idleTimeoutMs),
  };
  for (const [name, value] of Object.entries(settings)) {
    await client.query(`SET ${name} = ${value}`).catch(() => {});
  }
}

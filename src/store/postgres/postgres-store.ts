/**
 * PostgreSQL adapter: production, and several Tasklane nodes on one database (one active writer,
 * see ./lease.ts). Entities are jsonb documents keyed by (workspace, kind, sid); each commit is one
 * transaction on a pooled connection (synchronous_commit: durable when `commit` resolves).
 * The first call connects and migrates (`open()` does it explicitly); an unreachable server fails with
 * "cannot connect to PostgreSQL at host:port: reason".
 *
 * State writes (commit, deleteWorkspace, pruneEvents, ackOutbox) are fenced once a writer lease was
 * acquired: they check the lease's token in their own transaction. Account and API key writes are
 * not: the `tasklane keys` CLI writes them from outside the active node, and they are single rows.
 */
import type pg from "pg";
import type { WorkspaceSnapshot } from "../../engine/view.ts";
import { type BadRow, badRowError, isBadRow, quarantinedMessage, readEntityRow } from "../bad-rows.ts";
import { HealthProbe } from "../health.ts";
import type {
  AccountCredentials,
  ApiKeyRecord,
  CommitBatch,
  EventFilter,
  EventPage,
  EventQuery,
  OutboxEntry,
  Store,
  StoredEntity,
  StoredEvent,
  StoreHealth,
  WriterLease,
} from "../port.ts";
import { buildSnapshot } from "../snapshot.ts";
import { storeClosed } from "../store-errors.ts";
import type { PostgresTarget } from "../target.ts";
import * as keys from "./account-keys.ts";
import { sqlParams } from "./codec.ts";
import {
  type ConnectionOptions,
  cannotConnect,
  connectionLost,
  createPool,
  storageFailure,
  withPooledClient,
} from "./connection.ts";
import { eventQuerySql } from "./event-query.ts";
import { checkFence, fencedTransaction } from "./fenced-transaction.ts";
import { commitGroupStatement } from "./group-statement.ts";
import { type Fence, type LeaseOptions, PostgresLease, type WorkspaceFences } from "./lease.ts";
import { migrate } from "./migrate.ts";
import { type EntityRow, type EventRow, type OutboxRow, rowToEvent, rowToOutbox } from "./rows.ts";
import { encodeBatch } from "./statements.ts";

export interface PostgresStoreOptions extends ConnectionOptions {
  lease?: Partial<LeaseOptions>;
  /** Unreadable entity rows go to quarantined_rows at load instead of failing it (src/store/bad-rows.ts). */
  quarantineBadRows?: boolean;
  /** Where quarantined rows are reported (default: console.warn). */
  warn?: (message: string) => void;
}

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private ready: Promise<void> | null = null;
  private closed = false;
  private readonly fence: Fence = { token: null, lost: null };
  private lease: PostgresLease | null = null;
  private quarantined = 0;
  private readonly healthProbe = new HealthProbe(
    "postgres",
    async () => {
      await this.connected();
      this.checkFence();
      await this.pool.query(
        `INSERT INTO store_health (id, checked_at) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
        [Date.now()],
      );
    },
    () => this.quarantined,
  );

  constructor(
    readonly target: PostgresTarget,
    private readonly options: PostgresStoreOptions = {},
  ) {
    this.pool = createPool(target, options);
  }

  /** Connects and applies pending migrations (done by the first call otherwise). */
  async open(): Promise<void> {
    await this.connected();
  }

  async acquireWriterLease(onWait?: () => Promise<void>): Promise<WriterLease> {
    await this.connected();
    const options: LeaseOptions = {
      holder: `pid ${process.pid}`,
      ...this.options.lease,
      ...(onWait ? { onWait } : {}),
    };
    return PostgresLease.acquire(this.target, this.fence, options, (lease) => {
      this.lease = lease;
    });
  }

  /**
   * Cluster mode (src/cluster, docs/cluster.md): writes are fenced per workspace by `fences` instead
   * of a node-wide lease, and the outbox and retention only see the workspaces this node holds.
   */
  useWorkspaceFences(fences: WorkspaceFences): void {
    this.fence.workspaces = fences;
  }

  /** Cluster mode: false for a workspace this node does not hold (its outbox is another node's). */
  private mine(workspaceSid: string): boolean {
    return this.fence.workspaces === undefined || this.fence.workspaces.holds(workspaceSid);
  }

  async loadAll(): Promise<WorkspaceSnapshot[]> {
    const rows = await this.rows<EntityRow>(
      "SELECT workspace_sid, kind, sid, document FROM entities ORDER BY workspace_sid, kind, sid",
    );
    const byWorkspace = new Map<string, StoredEntity[]>();
    const bad: BadRow[] = [];
    for (const row of rows) {
      const entity = readEntityRow(row.workspace_sid, row.kind, row.sid, row.document, false);
      if (isBadRow(entity)) {
        if (this.options.quarantineBadRows !== true) throw badRowError(entity);
        bad.push(entity);
        continue;
      }
      const list = byWorkspace.get(row.workspace_sid) ?? [];
      list.push(entity);
      byWorkspace.set(row.workspace_sid, list);
    }
    if (bad.length > 0) await this.quarantine(bad);
    const counted = await this.rows<{ count: string }>("SELECT count(*) AS count FROM quarantined_rows");
    this.quarantined = Number(counted[0]?.count ?? 0);
    const result: WorkspaceSnapshot[] = [];
    for (const list of byWorkspace.values()) {
      const snapshot = buildSnapshot(list);
      if (snapshot !== null) result.push(snapshot);
    }
    return result;
  }

  /** Moves unreadable rows aside (they were left out of the snapshots), each with a log line. */
  private async quarantine(rows: BadRow[]): Promise<void> {
    await this.fencedTransaction(async (client) => {
      for (const row of rows) {
        await client.query(
          `INSERT INTO quarantined_rows (table_name, workspace_sid, kind, sid, document, reason, quarantined_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          sqlParams([row.table, row.workspaceSid, row.kind, row.sid, row.document, row.reason, Date.now()]),
        );
        await client.query(
          "DELETE FROM entities WHERE workspace_sid = $1 AND kind = $2 AND sid = $3",
          sqlParams([row.workspaceSid, row.kind, row.sid]),
        );
      }
    });
    const warn = this.options.warn ?? ((message: string) => console.warn(`Tasklane: ${message}`));
    for (const row of rows) warn(quarantinedMessage(row));
  }

  async loadWorkspace(workspaceSid: string): Promise<WorkspaceSnapshot | null> {
    const rows = await this.rows<EntityRow>(
      "SELECT workspace_sid, kind, sid, document FROM entities WHERE workspace_sid = $1 ORDER BY kind, sid",
      [workspaceSid],
    );
    return buildSnapshot(
      rows.map((row) => {
        const entity = readEntityRow(row.workspace_sid, row.kind, row.sid, row.document, false);
        if (isBadRow(entity)) throw badRowError(entity);
        return entity;
      }),
    );
  }

  health(): Promise<StoreHealth> {
    return this.healthProbe.check();
  }

  async commit(batch: CommitBatch): Promise<StoredEvent[]> {
    return (await this.commitGroup([batch]))[0] ?? [];
  }

  async commitGroup(batches: readonly CommitBatch[]): Promise<StoredEvent[][]> {
    // Encoded now, before the first await: the caller may change its objects once this returns.
    const encoded = batches.map(encodeBatch);
    // The whole group is one statement (./group-statement.ts): BEGIN, it, COMMIT; in cluster mode the
    // fenced transaction first checks the lease of every workspace the group writes.
    const sids = encoded.map((batch) => batch.workspaceSid);
    return this.fencedTransaction((client) => commitGroupStatement(client, encoded), sids).then(
      (results) => {
        this.healthProbe.writeSucceeded();
        return results;
      },
      (error: unknown) => {
        this.healthProbe.writeFailed(error, storageFailure(error));
        throw error;
      },
    );
  }

  async deleteWorkspace(workspaceSid: string): Promise<void> {
    await this.fencedTransaction(
      async (client) => {
        for (const table of ["entities", "events", "event_outbox", "event_sequences", "workspace_leases"]) {
          await client.query(`DELETE FROM ${table} WHERE workspace_sid = $1`, sqlParams([workspaceSid]));
        }
      },
      [workspaceSid],
    );
    this.fence.workspaces?.drop(workspaceSid, "the workspace was deleted");
  }

  async listEvents(workspaceSid: string, query: EventQuery): Promise<StoredEvent[]> {
    const rows = await this.rows<EventRow>(
      "SELECT * FROM events WHERE workspace_sid = $1 AND sequence > $2 ORDER BY sequence LIMIT $3",
      [workspaceSid, query.afterSequence ?? 0, query.limit],
    );
    return rows.map(rowToEvent);
  }

  async queryEvents(workspaceSid: string, filter: EventFilter, page?: EventPage): Promise<StoredEvent[]> {
    this.check();
    const { text, values, ascending } = eventQuerySql(workspaceSid, filter, page);
    const events = (await this.rows<EventRow>(text, values)).map(rowToEvent);
    return ascending ? events.reverse() : events;
  }

  async pruneEvents(before: number): Promise<number> {
    const held = this.fence.workspaces?.heldSids();
    if (held !== undefined) {
      // Cluster mode: each node prunes the workspaces it holds, fenced like their commits.
      return this.fencedTransaction(async (client) => {
        const sids = sqlParams([held])[0];
        await client.query("DELETE FROM event_outbox WHERE created_at < $1 AND workspace_sid = ANY($2)", [
          before,
          sids,
        ]);
        const sql = "DELETE FROM events WHERE timestamp_ms < $1 AND workspace_sid = ANY($2)";
        return (await client.query(sql, [before, sids])).rowCount ?? 0;
      }, held);
    }
    return this.fencedTransaction(async (client) => {
      // One workspace at a time: events through events_by_time, the outbox through its key.
      const { rows } = await client.query<{ workspace_sid: string }>(
        "SELECT workspace_sid FROM event_sequences",
      );
      let pruned = 0;
      for (const { workspace_sid: ws } of rows) {
        await client.query("DELETE FROM event_outbox WHERE workspace_sid = $1 AND created_at < $2", [
          ws,
          before,
        ]);
        const result = await client.query(
          "DELETE FROM events WHERE workspace_sid = $1 AND timestamp_ms < $2",
          [ws, before],
        );
        pruned += result.rowCount ?? 0;
      }
      return pruned;
    });
  }

  async listOutbox(workspaceSid: string, limit: number): Promise<OutboxEntry[]> {
    if (!this.mine(workspaceSid)) return [];
    const rows = await this.rows<OutboxRow>(
      "SELECT * FROM event_outbox WHERE workspace_sid = $1 ORDER BY sequence LIMIT $2",
      [workspaceSid, limit],
    );
    return rows.map(rowToOutbox);
  }

  async outboxWorkspaces(): Promise<string[]> {
    const rows = await this.rows<{ workspace_sid: string }>(
      "SELECT DISTINCT workspace_sid FROM event_outbox ORDER BY workspace_sid",
    );
    return rows.map((r) => r.workspace_sid).filter((sid) => this.mine(sid));
  }

  async dropOutbox(workspaceSid: string, throughSequence: number): Promise<number> {
    return this.fencedTransaction(
      async (client) => {
        const result = await client.query(
          "DELETE FROM event_outbox WHERE workspace_sid = $1 AND sequence <= $2",
          sqlParams([workspaceSid, throughSequence]),
        );
        return result.rowCount ?? 0;
      },
      [workspaceSid],
    );
  }

  async ackOutbox(workspaceSid: string, sequence: number): Promise<void> {
    await this.fencedTransaction(
      async (client) => {
        await client.query(
          "DELETE FROM event_outbox WHERE workspace_sid = $1 AND sequence = $2",
          sqlParams([workspaceSid, sequence]),
        );
      },
      [workspaceSid],
    );
  }

  getAccount(): Promise<AccountCredentials | null> {
    return keys.getAccount(this.query);
  }

  saveAccount(credentials: AccountCredentials): Promise<void> {
    return keys.saveAccount(this.query, credentials);
  }

  createApiKey(key: ApiKeyRecord): Promise<void> {
    return keys.createApiKey(this.query, key);
  }

  getApiKey(sid: string): Promise<ApiKeyRecord | null> {
    return keys.getApiKey(this.query, sid);
  }

  listApiKeys(accountSid: string): Promise<ApiKeyRecord[]> {
    return keys.listApiKeys(this.query, accountSid);
  }

  updateApiKey(sid: string, changes: { friendlyName: string; dateUpdated: number }) {
    return keys.updateApiKey(this.query, sid, changes);
  }

  deleteApiKey(sid: string): Promise<boolean> {
    return keys.deleteApiKey(this.query, sid);
  }

  /** Releases the writer lease (a standby takes over) and closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lease?.release();
    await this.pool.end().catch(() => {});
  }

  private check(): void {
    if (this.closed) throw storeClosed();
  }

  private connected(): Promise<void> {
    this.check();
    this.ready ??= (async () => {
      // Connecting first, so an unreachable server is named; the migrations then run on that client.
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw cannotConnect(this.target, error);
      }
      client.release();
      await withPooledClient(this.pool, (migrating) => migrate(migrating, this.target.schema));
    })();
    return this.ready;
  }

  /**
   * A read. A read on a connection that dropped under it (see connectionLost) is tried once more on
   * another: reads change nothing, and a workspace resyncing after a failed commit must not stay
   * unavailable because its one reload met the same outage.
   */
  private async rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    await this.connected();
    const params = sqlParams(values);
    try {
      return (await this.pool.query<R>(text, params)).rows;
    } catch (error) {
      if (!connectionLost(error) || this.closed) throw error;
      return (await this.pool.query<R>(text, params)).rows;
    }
  }

  private readonly query: keys.Query = (text, values) => this.rows(text, values);

  /** One transaction for a state write, fenced by the writer lease (./fenced-transaction.ts). */
  private async fencedTransaction<T>(
    body: (client: pg.PoolClient) => Promise<T>,
    workspaceSids: readonly string[] = [],
  ): Promise<T> {
    await this.connected();
    return fencedTransaction(this.pool, this.fence, body, workspaceSids);
  }

  private checkFence(): void {
    checkFence(this.fence);
  }
}

/**
 * SQLite adapter (better-sqlite3): the embedded default. WAL journal with synchronous=NORMAL: a
 * committed transaction is in the WAL file before `commit` resolves, so it survives kill -9 of the
 * process (only an OS crash or power loss could lose the last transactions; use FULL via
 * `synchronous: "FULL"` if that matters more than write latency).
 * better-sqlite3 is synchronous; the async signatures are the port's, for adapters that need them.
 */
import Database from "better-sqlite3";
import type { WorkspaceSnapshot } from "../../engine/view.ts";
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
  StoredEvent,
  StoreHealth,
} from "../port.ts";
import {
  accountAlreadyStored,
  cannotOpenSqlite,
  duplicateApiKey,
  duplicateEvent,
  storeClosed,
} from "../store-errors.ts";
import { loadSnapshots, loadWorkspaceSnapshot, quarantineRows } from "./entity-load.ts";
import { queryEvents } from "./event-query.ts";
import { prepareDataFiles } from "./file-modes.ts";
import { migrate } from "./migrate.ts";
import {
  type ApiKeyRow,
  apiKeyToRow,
  type EventRow,
  eventToRow,
  type OutboxRow,
  outboxToRow,
  rowToApiKey,
  rowToEvent,
  rowToOutbox,
} from "./rows.ts";
import { prepareStatements, type Statements } from "./statements.ts";
import { toSqliteText } from "./text.ts";

export interface SqliteOptions {
  synchronous?: "NORMAL" | "FULL";
  /** Where a too-open data folder and quarantined rows are reported (default: console.warn). */
  warn?: (message: string) => void;
  /** Unreadable entity rows go to quarantined_rows at load instead of failing it (src/store/bad-rows.ts). */
  quarantineBadRows?: boolean;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly applyGroup: Database.Transaction<(batches: readonly CommitBatch[]) => StoredEvent[][]>;
  private closed = false;
  private readonly warn: (message: string) => void;
  private quarantined = 0;
  private readonly healthProbe = new HealthProbe(
    "sqlite",
    async () => {
      this.check();
      this.sql.probeHealth.run(Date.now());
    },
    () => this.quarantined,
  );

  constructor(
    path: string,
    private readonly options: SqliteOptions = {},
  ) {
    this.warn = options.warn ?? ((message) => console.warn(`Tasklane: ${message}`));
    this.db = openDatabase(path, this.warn);
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
      this.db.pragma("foreign_keys = ON");
      this.db.pragma("busy_timeout = 5000");
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw cannotOpenSqlite(path, error);
    }
    this.sql = prepareStatements(this.db);
    this.applyGroup = this.db.transaction((batches: readonly CommitBatch[]) =>
      batches.map((batch) => this.applyBatch(batch)),
    );
  }

  async loadAll(): Promise<WorkspaceSnapshot[]> {
    this.check();
    const { snapshots, bad } = loadSnapshots(this.sql, this.options.quarantineBadRows === true);
    if (bad.length > 0) quarantineRows(this.db, this.sql, bad, this.warn);
    this.quarantined = (this.sql.countQuarantined.get() as { count: number }).count;
    return snapshots;
  }

  async loadWorkspace(workspaceSid: string): Promise<WorkspaceSnapshot | null> {
    this.check();
    return loadWorkspaceSnapshot(this.sql, workspaceSid);
  }

  async health(): Promise<StoreHealth> {
    return this.healthProbe.check();
  }

  async commit(batch: CommitBatch): Promise<StoredEvent[]> {
    return (await this.commitGroup([batch]))[0] ?? [];
  }

  async commitGroup(batches: readonly CommitBatch[]): Promise<StoredEvent[][]> {
    this.check();
    if (batches.length === 0) return [];
    try {
      const stored = this.applyGroup.immediate(batches);
      this.healthProbe.writeSucceeded();
      return stored;
    } catch (error) {
      this.healthProbe.writeFailed(error, isStorageFailure(error));
      throw error;
    }
  }

  /** One batch, inside the group's transaction (better-sqlite3 runs it synchronously). */
  private applyBatch(batch: CommitBatch): StoredEvent[] {
    const ws = batch.workspaceSid;
    for (const item of batch.upserts)
      this.sql.upsertEntity.run(ws, item.kind, item.sid, JSON.stringify(item.entity));
    for (const ref of batch.deletes) this.sql.deleteEntity.run(ws, ref.kind, ref.sid);
    if (batch.events.length === 0) return [];
    const last = this.sql.lastSequence.get(ws) as { sequence: number } | undefined;
    let sequence = last?.sequence ?? 0;
    const stored = batch.events.map((event) => {
      const stored: StoredEvent = { ...event, workspaceSid: ws, sequence: ++sequence };
      try {
        this.sql.insertEvent.run(eventToRow(stored));
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateEvent(event.sid);
        throw error;
      }
      return stored;
    });
    this.sql.saveSequence.run(ws, sequence);
    const outbox = batch.outbox ?? [];
    if (outbox.length > 0) {
      const bySid = new Map(stored.map((event) => [event.sid, event]));
      for (const request of outbox) {
        const event = bySid.get(request.eventSid);
        if (event === undefined) continue;
        const entry: OutboxEntry = {
          ...request,
          workspaceSid: ws,
          sequence: event.sequence,
          createdAt: event.timestamp,
        };
        this.sql.insertOutbox.run(outboxToRow(entry));
      }
    }
    return stored;
  }

  async deleteWorkspace(workspaceSid: string): Promise<void> {
    this.check();
    this.db.transaction(() => {
      this.sql.deleteWorkspaceEntities.run(workspaceSid);
      this.sql.deleteWorkspaceEvents.run(workspaceSid);
      this.sql.deleteWorkspaceOutbox.run(workspaceSid);
      this.sql.deleteWorkspaceSequence.run(workspaceSid);
    })();
  }

  async listEvents(workspaceSid: string, query: EventQuery): Promise<StoredEvent[]> {
    this.check();
    const rows = this.sql.events.all(workspaceSid, query.afterSequence ?? 0, query.limit) as EventRow[];
    return rows.map(rowToEvent);
  }

  async queryEvents(workspaceSid: string, filter: EventFilter, page?: EventPage): Promise<StoredEvent[]> {
    this.check();
    return queryEvents(this.db, workspaceSid, filter, page);
  }

  async pruneEvents(before: number): Promise<number> {
    this.check();
    return this.db.transaction(() => {
      this.sql.pruneOutbox.run(before);
      return this.sql.pruneEvents.run(before).changes;
    })();
  }

  async listOutbox(workspaceSid: string, limit: number): Promise<OutboxEntry[]> {
    this.check();
    return (this.sql.outbox.all(workspaceSid, limit) as OutboxRow[]).map(rowToOutbox);
  }

  async outboxWorkspaces(): Promise<string[]> {
    this.check();
    return (this.sql.outboxWorkspaces.all() as Array<{ workspace_sid: string }>).map((r) => r.workspace_sid);
  }

  async ackOutbox(workspaceSid: string, sequence: number): Promise<void> {
    this.check();
    this.sql.ackOutbox.run(workspaceSid, sequence);
  }

  async dropOutbox(workspaceSid: string, throughSequence: number): Promise<number> {
    this.check();
    return this.sql.dropOutbox.run(workspaceSid, throughSequence).changes;
  }

  async getAccount(): Promise<AccountCredentials | null> {
    this.check();
    const row = this.sql.account.get() as { account_sid: string; auth_token: string } | undefined;
    return row === undefined ? null : { accountSid: row.account_sid, authToken: row.auth_token };
  }

  async saveAccount(credentials: AccountCredentials): Promise<void> {
    this.check();
    const existing = await this.getAccount();
    if (existing !== null && existing.accountSid !== credentials.accountSid) {
      throw accountAlreadyStored(existing.accountSid, credentials.accountSid);
    }
    this.sql.saveAccount.run(credentials.accountSid, credentials.authToken);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    this.check();
    if (this.sql.apiKey.get(key.sid) !== undefined) throw duplicateApiKey(key.sid);
    this.sql.insertApiKey.run(apiKeyToRow(key));
  }

  async getApiKey(sid: string): Promise<ApiKeyRecord | null> {
    this.check();
    const row = this.sql.apiKey.get(sid) as ApiKeyRow | undefined;
    return row === undefined ? null : rowToApiKey(row);
  }

  async listApiKeys(accountSid: string): Promise<ApiKeyRecord[]> {
    this.check();
    return (this.sql.apiKeys.all(accountSid) as ApiKeyRow[]).map(rowToApiKey);
  }

  async updateApiKey(
    sid: string,
    changes: { friendlyName: string; dateUpdated: number },
  ): Promise<ApiKeyRecord | null> {
    this.check();
    this.sql.updateApiKey.run(toSqliteText(changes.friendlyName), changes.dateUpdated, sid);
    return this.getApiKey(sid);
  }

  async deleteApiKey(sid: string): Promise<boolean> {
    this.check();
    return this.sql.deleteApiKey.run(sid).changes > 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private check(): void {
    if (this.closed) throw storeClosed();
  }
}

/** Opens (creating if needed, owner-only) the file; a failure names the path and DATABASE_URL. */
function openDatabase(path: string, warn: (message: string) => void): Database.Database {
  try {
    if (path !== ":memory:") prepareDataFiles(path, warn);
    return new Database(path);
  } catch (error) {
    throw cannotOpenSqlite(path, error);
  }
}

/** The file, not the batch: full disk, I/O error, read-only or locked database, cannot open. */
function isStorageFailure(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PERM)/.test(error.code)
  );
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

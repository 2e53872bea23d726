/**
 * SQLite adapter (better-sqlite3): the embedded default. WAL journal with synchronous=NORMAL: a
 * committed transaction is in the WAL file before `commit` resolves, so it survives kill -9 of the
 * process (only an OS crash or power loss could lose the last transactions; use FULL via
 * `synchronous: "FULL"` if that matters more than write latency).
 *
 * Two connections to the file: reads run here, on the event loop (better-sqlite3 is synchronous and
 * reads are short), and every write goes to the SQLite writer thread (./writer.ts), so no commit,
 * WAL write or checkpoint blocks the event loop. A write resolves once its COMMIT returned there;
 * WAL makes it visible to the read connection from then on. `:memory:` has one connection: writes
 * run on it, inline.
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
import { cannotOpenSqlite, storeClosed } from "../store-errors.ts";
import {
  loadSnapshots,
  loadWorkspaceSnapshot,
  quarantineRows,
  streamWorkspaceSnapshot,
} from "./entity-load.ts";
import { queryEvents } from "./event-query.ts";
import { prepareDataFiles } from "./file-modes.ts";
import { migrate } from "./migrate.ts";
import {
  type ApiKeyRow,
  apiKeyToRow,
  type EventRow,
  type OutboxRow,
  rowToApiKey,
  rowToEvent,
  rowToOutbox,
} from "./rows.ts";
import { prepareStatements, type Statements } from "./statements.ts";
import { toSqliteText } from "./text.ts";
import { WriteConnection, type WriteOp } from "./write-connection.ts";
import { encodeBatch, storedEvents } from "./write-encoding.ts";
import { InlineWriter, type SqliteWriter, ThreadWriter } from "./writer.ts";

export interface SqliteOptions {
  synchronous?: "NORMAL" | "FULL";
  /** Where a too-open data folder and quarantined rows are reported (default: console.warn). */
  warn?: (message: string) => void;
  /** Unreadable entity rows go to quarantined_rows at load instead of failing it (src/store/bad-rows.ts). */
  quarantineBadRows?: boolean;
  /**
   * Where writes run: "thread" (default for a file: the SQLite writer thread) or "inline" (on the
   * event loop, as before the thread existed; always so for `:memory:`).
   */
  writer?: "thread" | "inline";
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly writer: SqliteWriter;
  private closed = false;
  private readonly warn: (message: string) => void;
  private quarantined = 0;
  private readonly healthProbe = new HealthProbe(
    "sqlite",
    async () => {
      this.check();
      await this.writer.write({ op: "probe", now: Date.now() });
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
    this.writer =
      path === ":memory:" || options.writer === "inline"
        ? new InlineWriter(new WriteConnection(this.db))
        : new ThreadWriter(path, options.synchronous ?? "NORMAL");
  }

  async loadAll(): Promise<WorkspaceSnapshot[]> {
    this.check();
    const { snapshots, bad } = loadSnapshots(this.sql, this.options.quarantineBadRows === true);
    if (bad.length > 0) quarantineRows(this.db, this.sql, bad, this.warn);
    this.quarantined = (this.sql.countQuarantined.get() as { count: number }).count;
    return snapshots;
  }

  async workspaceSids(): Promise<string[]> {
    this.check();
    return this.sql.workspaceSids.all() as string[];
  }

  async restoreWorkspace(workspaceSid: string): Promise<WorkspaceSnapshot | null> {
    this.check();
    const quarantine = this.options.quarantineBadRows === true;
    const { snapshot, bad } = streamWorkspaceSnapshot(this.sql, workspaceSid, quarantine);
    if (bad.length > 0) quarantineRows(this.db, this.sql, bad, this.warn);
    if (quarantine) this.quarantined = (this.sql.countQuarantined.get() as { count: number }).count;
    return snapshot;
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
    // Encoded now, before the promise is returned: the caller may change its objects afterwards.
    const encoded = batches.map(encodeBatch);
    const events = batches.map((batch) => ({ ...batch, events: [...batch.events] }));
    let firsts: number[];
    try {
      firsts = (await this.writer.write({ op: "commit", batches: encoded })) as number[];
    } catch (error) {
      this.healthProbe.writeFailed(error, isStorageFailure(error));
      throw error;
    }
    this.healthProbe.writeSucceeded();
    return events.map((batch, i) => storedEvents(batch, firsts[i] ?? 0));
  }

  async deleteWorkspace(workspaceSid: string): Promise<void> {
    await this.write({ op: "deleteWorkspace", workspaceSid });
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

  pruneEvents(before: number): Promise<number> {
    return this.write({ op: "prune", before });
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
    await this.write({ op: "ack", workspaceSid, sequence });
  }

  dropOutbox(workspaceSid: string, throughSequence: number): Promise<number> {
    return this.write({ op: "drop", workspaceSid, throughSequence });
  }

  async getAccount(): Promise<AccountCredentials | null> {
    this.check();
    const row = this.sql.account.get() as { account_sid: string; auth_token: string } | undefined;
    return row === undefined ? null : { accountSid: row.account_sid, authToken: row.auth_token };
  }

  async saveAccount(credentials: AccountCredentials): Promise<void> {
    // The writer refuses other credentials than those stored (accountAlreadyStored).
    await this.write({
      op: "saveAccount",
      accountSid: credentials.accountSid,
      authToken: credentials.authToken,
    });
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    // The writer refuses a SID already stored (duplicateApiKey).
    await this.write({ op: "insertApiKey", row: apiKeyToRow(key) });
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
    await this.write({
      op: "updateApiKey",
      sid,
      friendlyName: toSqliteText(changes.friendlyName),
      dateUpdated: changes.dateUpdated,
    });
    return this.getApiKey(sid);
  }

  async deleteApiKey(sid: string): Promise<boolean> {
    return (await this.write({ op: "deleteApiKey", sid })) > 0;
  }

  /** Waits for the writes already asked for, then closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close();
    this.db.close();
  }

  /** A write other than a commit; resolves with the number of rows it changed. */
  private async write(op: Exclude<WriteOp, { op: "commit" }>): Promise<number> {
    this.check();
    return (await this.writer.write(op)) as number;
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

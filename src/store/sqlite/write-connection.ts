/**
 * The write side of the SQLite adapter: every statement that changes the file, run on ONE connection
 * (the writer thread's, see ./writer.ts; the store's own for `:memory:`). Writes arrive as plain data
 * (`WriteOp`, built by ./write-encoding.ts on the event loop) so they can cross to a worker thread
 * with a structured clone of strings and numbers only.
 *
 * A commit is one `BEGIN IMMEDIATE … COMMIT`; it resolves (its reply is posted) only after COMMIT
 * returned, so the acknowledged-means-durable rule is the same as when the event loop ran it. WAL
 * auto-checkpoints run inside such a COMMIT, on this connection: off the event loop with the thread.
 */
import Database from "better-sqlite3";
import { accountAlreadyStored, duplicateApiKey, duplicateEvent } from "../store-errors.ts";
import type { ApiKeyRow } from "./rows.ts";
import type { SqliteText } from "./text.ts";

/** One event row without its sequence: sid, event type, resource sid, description, epoch ms, fields JSON. */
export type EncodedEvent = [string, string, string, SqliteText, number, string];

/** A batch as the writer takes it: documents and fields already JSON. */
export interface EncodedBatch {
  workspaceSid: string;
  /** kind, sid, document JSON; repeated. */
  upserts: string[];
  /** kind, sid; repeated. */
  deletes: string[];
  events: EncodedEvent[];
  /** Each callback: the index of its event in `events`, its URL, its form parameters as JSON. */
  outbox: Array<[number, SqliteText, string]>;
}

export type WriteOp =
  | { op: "commit"; batches: EncodedBatch[] }
  | { op: "deleteWorkspace"; workspaceSid: string }
  | { op: "prune"; before: number }
  | { op: "ack"; workspaceSid: string; sequence: number }
  | { op: "drop"; workspaceSid: string; throughSequence: number }
  | { op: "saveAccount"; accountSid: string; authToken: string }
  | { op: "insertApiKey"; row: ApiKeyRow }
  | { op: "updateApiKey"; sid: string; friendlyName: SqliteText; dateUpdated: number }
  | { op: "deleteApiKey"; sid: string }
  | { op: "probe"; now: number };

/**
 * What each op answers: a commit, the first sequence number of each batch (0 for a batch without
 * events; the batch's events are numbered from it); the others, how many rows they changed.
 */
export type WriteResult = number[] | number;

export class WriteConnection {
  private readonly sql: ReturnType<typeof prepareWrites>;
  private readonly commitGroup: Database.Transaction<(batches: EncodedBatch[]) => number[]>;

  constructor(private readonly db: Database.Database) {
    this.sql = prepareWrites(db);
    this.commitGroup = db.transaction((batches: EncodedBatch[]) => batches.map((b) => this.applyBatch(b)));
  }

  apply(op: WriteOp): WriteResult {
    const { sql } = this;
    switch (op.op) {
      case "commit":
        return this.commitGroup.immediate(op.batches);
      case "deleteWorkspace":
        return this.db.transaction(() => {
          let changes = 0;
          for (const statement of sql.deleteWorkspace) changes += statement.run(op.workspaceSid).changes;
          return changes;
        })();
      case "prune":
        return this.db.transaction(() => {
          let pruned = 0;
          for (const ws of sql.workspaces.all() as string[]) {
            sql.pruneOutbox.run(ws, op.before);
            pruned += sql.pruneEvents.run(ws, op.before).changes;
          }
          return pruned;
        })();
      case "ack":
        return sql.ackOutbox.run(op.workspaceSid, op.sequence).changes;
      case "drop":
        return sql.dropOutbox.run(op.workspaceSid, op.throughSequence).changes;
      case "saveAccount":
        return this.db.transaction(() => {
          const existing = sql.account.get() as { account_sid: string } | undefined;
          if (existing !== undefined && existing.account_sid !== op.accountSid)
            throw accountAlreadyStored(existing.account_sid, op.accountSid);
          return sql.saveAccount.run(op.accountSid, op.authToken).changes;
        })();
      case "insertApiKey":
        return this.db.transaction(() => {
          if (sql.apiKeyExists.get(op.row.sid) !== undefined) throw duplicateApiKey(op.row.sid);
          return sql.insertApiKey.run(op.row).changes;
        })();
      case "updateApiKey":
        return sql.updateApiKey.run(op.friendlyName, op.dateUpdated, op.sid).changes;
      case "deleteApiKey":
        return sql.deleteApiKey.run(op.sid).changes;
      case "probe":
        return sql.probeHealth.run(op.now).changes;
    }
  }

  /** One batch inside the group's transaction; returns the first sequence number it gave out. */
  private applyBatch(batch: EncodedBatch): number {
    const { sql } = this;
    const ws = batch.workspaceSid;
    const { upserts, deletes, events } = batch;
    for (let i = 0; i < upserts.length; i += 3)
      sql.upsertEntity.run(ws, upserts[i], upserts[i + 1], upserts[i + 2]);
    for (let i = 0; i < deletes.length; i += 2) sql.deleteEntity.run(ws, deletes[i], deletes[i + 1]);
    if (events.length === 0) return 0;
    const last = sql.lastSequence.get(ws) as { sequence: number } | undefined;
    const first = (last?.sequence ?? 0) + 1;
    for (let i = 0; i < events.length; i++) {
      const [sid, type, resourceSid, description, timestamp, fields] = events[i] as EncodedEvent;
      try {
        sql.insertEvent.run(ws, first + i, sid, type, resourceSid, description, timestamp, fields);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateEvent(sid);
        throw error;
      }
    }
    sql.saveSequence.run(ws, first + events.length - 1);
    for (const [index, url, params] of batch.outbox) {
      const event = events[index];
      if (event === undefined) continue;
      sql.insertOutbox.run(ws, first + index, event[0], url, params, event[4]);
    }
    return first;
  }
}

function prepareWrites(db: Database.Database) {
  return {
    upsertEntity: db.prepare(
      `INSERT INTO entities (workspace_sid, kind, sid, document) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace_sid, kind, sid) DO UPDATE SET document = excluded.document`,
    ),
    deleteEntity: db.prepare("DELETE FROM entities WHERE workspace_sid = ? AND kind = ? AND sid = ?"),
    lastSequence: db.prepare("SELECT last_sequence AS sequence FROM event_sequences WHERE workspace_sid = ?"),
    saveSequence: db.prepare(
      `INSERT INTO event_sequences (workspace_sid, last_sequence) VALUES (?, ?)
       ON CONFLICT (workspace_sid) DO UPDATE SET last_sequence = excluded.last_sequence`,
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (workspace_sid, sequence, sid, event_type, resource_sid, description, timestamp_ms, fields)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertOutbox: db.prepare(
      `INSERT INTO event_outbox (workspace_sid, sequence, event_sid, url, params, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    deleteWorkspace: [
      db.prepare("DELETE FROM entities WHERE workspace_sid = ?"),
      db.prepare("DELETE FROM events WHERE workspace_sid = ?"),
      db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ?"),
      db.prepare("DELETE FROM event_sequences WHERE workspace_sid = ?"),
    ],
    ackOutbox: db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ? AND sequence = ?"),
    dropOutbox: db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ? AND sequence <= ?"),
    // Retention, one workspace at a time: events through events_by_time, the outbox through its key.
    workspaces: db.prepare("SELECT workspace_sid FROM event_sequences").pluck(),
    pruneEvents: db.prepare("DELETE FROM events WHERE workspace_sid = ? AND timestamp_ms < ?"),
    pruneOutbox: db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ? AND created_at < ?"),
    account: db.prepare("SELECT account_sid FROM account WHERE id = 1"),
    saveAccount: db.prepare(
      `INSERT INTO account (id, account_sid, auth_token) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET account_sid = excluded.account_sid, auth_token = excluded.auth_token`,
    ),
    apiKeyExists: db.prepare("SELECT 1 FROM api_keys WHERE sid = ?"),
    insertApiKey: db.prepare(
      `INSERT INTO api_keys (sid, account_sid, friendly_name, secret, date_created, date_updated)
       VALUES (@sid, @account_sid, @friendly_name, @secret, @date_created, @date_updated)`,
    ),
    updateApiKey: db.prepare("UPDATE api_keys SET friendly_name = ?, date_updated = ? WHERE sid = ?"),
    deleteApiKey: db.prepare("DELETE FROM api_keys WHERE sid = ?"),
    probeHealth: db.prepare(
      `INSERT INTO store_health (id, checked_at) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
    ),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

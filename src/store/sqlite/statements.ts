/**
 * The SQL the SQLite adapter runs on its read connection (the event loop), prepared once. Writes are
 * in ./write-connection.ts; the only write here is moving unreadable rows aside at start (entity-load.ts).
 */
import type Database from "better-sqlite3";

export function prepareStatements(db: Database.Database) {
  return {
    allEntitiesRaw: db
      .prepare("SELECT workspace_sid, kind, sid, document FROM entities ORDER BY workspace_sid")
      .raw(true),
    workspaceEntities: db.prepare(
      "SELECT workspace_sid, kind, sid, document FROM entities WHERE workspace_sid = ?",
    ),
    /** One workspace's rows as [kind, sid, document] (the workspace SID is not read back a million times). */
    workspaceEntitiesRaw: db
      .prepare("SELECT kind, sid, document FROM entities WHERE workspace_sid = ?")
      .raw(true),
    workspaceSids: db.prepare("SELECT sid FROM entities WHERE kind = 'workspace' ORDER BY sid").pluck(true),
    deleteEntity: db.prepare("DELETE FROM entities WHERE workspace_sid = ? AND kind = ? AND sid = ?"),
    outbox: db.prepare("SELECT * FROM event_outbox WHERE workspace_sid = ? ORDER BY sequence LIMIT ?"),
    outboxWorkspaces: db.prepare("SELECT DISTINCT workspace_sid FROM event_outbox"),
    events: db.prepare(
      "SELECT * FROM events WHERE workspace_sid = ? AND sequence > ? ORDER BY sequence LIMIT ?",
    ),
    account: db.prepare("SELECT account_sid, auth_token FROM account WHERE id = 1"),
    apiKey: db.prepare("SELECT * FROM api_keys WHERE sid = ?"),
    apiKeys: db.prepare("SELECT * FROM api_keys WHERE account_sid = ? ORDER BY date_created, sid"),
    countQuarantined: db.prepare("SELECT count(*) AS count FROM quarantined_rows"),
    quarantineRow: db.prepare(
      `INSERT INTO quarantined_rows (table_name, workspace_sid, kind, sid, document, reason, quarantined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

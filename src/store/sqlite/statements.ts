/** The SQL the SQLite adapter runs, prepared once per connection. */
import type Database from "better-sqlite3";

export function prepareStatements(db: Database.Database) {
  return {
    allEntitiesRaw: db
      .prepare("SELECT workspace_sid, kind, sid, document FROM entities ORDER BY workspace_sid")
      .raw(true),
    workspaceEntities: db.prepare(
      "SELECT workspace_sid, kind, sid, document FROM entities WHERE workspace_sid = ?",
    ),
    upsertEntity: db.prepare(
      `INSERT INTO entities (workspace_sid, kind, sid, document) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace_sid, kind, sid) DO UPDATE SET document = excluded.document`,
    ),
    deleteEntity: db.prepare("DELETE FROM entities WHERE workspace_sid = ? AND kind = ? AND sid = ?"),
    deleteWorkspaceEntities: db.prepare("DELETE FROM entities WHERE workspace_sid = ?"),
    deleteWorkspaceEvents: db.prepare("DELETE FROM events WHERE workspace_sid = ?"),
    lastSequence: db.prepare("SELECT last_sequence AS sequence FROM event_sequences WHERE workspace_sid = ?"),
    saveSequence: db.prepare(
      `INSERT INTO event_sequences (workspace_sid, last_sequence) VALUES (?, ?)
       ON CONFLICT (workspace_sid) DO UPDATE SET last_sequence = excluded.last_sequence`,
    ),
    deleteWorkspaceSequence: db.prepare("DELETE FROM event_sequences WHERE workspace_sid = ?"),
    insertOutbox: db.prepare(
      `INSERT INTO event_outbox (workspace_sid, sequence, event_sid, url, params, created_at)
       VALUES (@workspace_sid, @sequence, @event_sid, @url, @params, @created_at)`,
    ),
    outbox: db.prepare("SELECT * FROM event_outbox WHERE workspace_sid = ? ORDER BY sequence LIMIT ?"),
    outboxWorkspaces: db.prepare("SELECT DISTINCT workspace_sid FROM event_outbox"),
    ackOutbox: db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ? AND sequence = ?"),
    dropOutbox: db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ? AND sequence <= ?"),
    deleteWorkspaceOutbox: db.prepare("DELETE FROM event_outbox WHERE workspace_sid = ?"),
    pruneEvents: db.prepare("DELETE FROM events WHERE timestamp_ms < ?"),
    pruneOutbox: db.prepare("DELETE FROM event_outbox WHERE created_at < ?"),
    insertEvent: db.prepare(
      `INSERT INTO events (workspace_sid, sequence, sid, event_type, resource_type, resource_sid, description, timestamp_ms, fields)
       VALUES (@workspace_sid, @sequence, @sid, @event_type, @resource_type, @resource_sid, @description, @timestamp_ms, @fields)`,
    ),
    events: db.prepare(
      "SELECT * FROM events WHERE workspace_sid = ? AND sequence > ? ORDER BY sequence LIMIT ?",
    ),
    account: db.prepare("SELECT account_sid, auth_token FROM account WHERE id = 1"),
    saveAccount: db.prepare(
      `INSERT INTO account (id, account_sid, auth_token) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET account_sid = excluded.account_sid, auth_token = excluded.auth_token`,
    ),
    apiKey: db.prepare("SELECT * FROM api_keys WHERE sid = ?"),
    apiKeys: db.prepare("SELECT * FROM api_keys WHERE account_sid = ? ORDER BY date_created, sid"),
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
    countQuarantined: db.prepare("SELECT count(*) AS count FROM quarantined_rows"),
    quarantineRow: db.prepare(
      `INSERT INTO quarantined_rows (table_name, workspace_sid, kind, sid, document, reason, quarantined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

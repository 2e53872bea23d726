-- 003: operations. `store_health` is written by the health probe (/healthz, /readyz): a write that
-- fails there (read-only file, full disk) is what every other write would meet. `quarantined_rows`
-- keeps entity rows that could not be read at start (TASKLANE_QUARANTINE_BAD_ROWS=1), as they were.
CREATE TABLE store_health (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at INTEGER NOT NULL
);

CREATE TABLE quarantined_rows (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name     TEXT    NOT NULL,
  workspace_sid  TEXT    NOT NULL,
  kind           TEXT    NOT NULL,
  sid            TEXT    NOT NULL,
  document       TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  quarantined_at INTEGER NOT NULL
);

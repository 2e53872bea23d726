-- 003: operations. `store_health` is written by the health probe (/healthz, /readyz): a write that
-- fails there (read-only transaction mode, full disk) is what every other write would meet.
-- `quarantined_rows` keeps entity rows that could not be read at start
-- (TASKLANE_QUARANTINE_BAD_ROWS=1), with their document as text.
CREATE TABLE store_health (
  id         integer PRIMARY KEY CHECK (id = 1),
  checked_at bigint  NOT NULL
);

CREATE TABLE quarantined_rows (
  id             bigserial PRIMARY KEY,
  table_name     text   NOT NULL,
  workspace_sid  text   NOT NULL,
  kind           text   NOT NULL,
  sid            text   NOT NULL,
  document       text   NOT NULL,
  reason         text   NOT NULL,
  quarantined_at bigint NOT NULL
);

-- 001: entities as JSON documents, the event log, the account and its API keys.
CREATE TABLE entities (
  workspace_sid TEXT NOT NULL,
  kind          TEXT NOT NULL,
  sid           TEXT NOT NULL,
  document      TEXT NOT NULL,
  PRIMARY KEY (workspace_sid, kind, sid)
) WITHOUT ROWID;

CREATE TABLE events (
  workspace_sid TEXT    NOT NULL,
  sequence      INTEGER NOT NULL,
  sid           TEXT    NOT NULL UNIQUE,
  event_type    TEXT    NOT NULL,
  resource_type TEXT    NOT NULL,
  resource_sid  TEXT    NOT NULL,
  description   TEXT    NOT NULL,
  timestamp_ms  INTEGER NOT NULL,
  fields        TEXT    NOT NULL,
  PRIMARY KEY (workspace_sid, sequence)
);

CREATE TABLE account (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  account_sid TEXT NOT NULL,
  auth_token  TEXT NOT NULL
);

CREATE TABLE api_keys (
  sid           TEXT PRIMARY KEY,
  account_sid   TEXT    NOT NULL,
  friendly_name TEXT    NOT NULL,
  secret        TEXT    NOT NULL,
  date_created  INTEGER NOT NULL,
  date_updated  INTEGER NOT NULL
);
CREATE INDEX api_keys_by_account ON api_keys (account_sid, date_created);

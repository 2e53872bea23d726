-- 001: entities as JSON documents, the event log with per-workspace sequence numbers that survive
-- pruning, the event-callback outbox, the account and its API keys. Times are epoch milliseconds.
CREATE TABLE entities (
  workspace_sid text  NOT NULL,
  kind          text  NOT NULL,
  sid           text  NOT NULL,
  document      jsonb NOT NULL,
  PRIMARY KEY (workspace_sid, kind, sid)
);

CREATE TABLE events (
  workspace_sid text   NOT NULL,
  sequence      bigint NOT NULL,
  sid           text   NOT NULL UNIQUE,
  event_type    text   NOT NULL,
  resource_type text   NOT NULL,
  resource_sid  text   NOT NULL,
  description   text   NOT NULL,
  timestamp_ms  bigint NOT NULL,
  fields        jsonb  NOT NULL,
  PRIMARY KEY (workspace_sid, sequence)
);
CREATE INDEX events_by_time ON events (workspace_sid, timestamp_ms);
CREATE INDEX events_by_age ON events (timestamp_ms);

-- The last sequence number given out per workspace. A commit bumps it with
-- INSERT .. ON CONFLICT DO UPDATE .. RETURNING, whose row lock orders concurrent commits of one
-- workspace; pruning events never lowers it.
CREATE TABLE event_sequences (
  workspace_sid text   PRIMARY KEY,
  last_sequence bigint NOT NULL
);

CREATE TABLE event_outbox (
  workspace_sid text   NOT NULL,
  sequence      bigint NOT NULL,
  event_sid     text   NOT NULL,
  url           text   NOT NULL,
  params        jsonb  NOT NULL,
  created_at    bigint NOT NULL,
  PRIMARY KEY (workspace_sid, sequence)
);
CREATE INDEX event_outbox_by_age ON event_outbox (created_at);

CREATE TABLE account (
  id          integer PRIMARY KEY CHECK (id = 1),
  account_sid text NOT NULL,
  auth_token  text NOT NULL
);

CREATE TABLE api_keys (
  sid           text   PRIMARY KEY,
  account_sid   text   NOT NULL,
  friendly_name text   NOT NULL,
  secret        text   NOT NULL,
  date_created  bigint NOT NULL,
  date_updated  bigint NOT NULL
);
CREATE INDEX api_keys_by_account ON api_keys (account_sid, date_created);

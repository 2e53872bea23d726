-- 002: durable event callbacks (the outbox), sequence numbers that survive pruning, and indexes for
-- the Events API (time window per workspace) and retention.
CREATE TABLE event_outbox (
  workspace_sid TEXT    NOT NULL,
  sequence      INTEGER NOT NULL,
  event_sid     TEXT    NOT NULL,
  url           TEXT    NOT NULL,
  params        TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (workspace_sid, sequence)
);
CREATE INDEX event_outbox_by_age ON event_outbox (created_at);

CREATE TABLE event_sequences (
  workspace_sid TEXT PRIMARY KEY,
  last_sequence INTEGER NOT NULL
);
INSERT INTO event_sequences (workspace_sid, last_sequence)
  SELECT workspace_sid, MAX(sequence) FROM events GROUP BY workspace_sid;

CREATE INDEX events_by_time ON events (workspace_sid, timestamp_ms);
CREATE INDEX events_by_age ON events (timestamp_ms);

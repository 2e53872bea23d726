-- 004: a leaner event log (fewer b-trees to update per event).
-- - events is clustered on its key (WITHOUT ROWID): before, each event went into the rowid table AND
--   the (workspace_sid, sequence) key index.
-- - one time index, events_by_time (workspace_sid, timestamp_ms), serves both the Events API's time
--   window and retention (which now prunes workspace by workspace); events_by_age is gone.
-- - resource_type is not stored: the event type names it (EVENT_TYPES in src/domain/event-types.ts).
-- - the outbox loses its age index: rows leave it on delivery, and retention prunes it per
--   workspace through its key.
CREATE TABLE events_lean (
  workspace_sid TEXT    NOT NULL,
  sequence      INTEGER NOT NULL,
  sid           TEXT    NOT NULL UNIQUE,
  event_type    TEXT    NOT NULL,
  resource_sid  TEXT    NOT NULL,
  description   TEXT    NOT NULL,
  timestamp_ms  INTEGER NOT NULL,
  fields        TEXT    NOT NULL,
  PRIMARY KEY (workspace_sid, sequence)
) WITHOUT ROWID;
INSERT INTO events_lean (workspace_sid, sequence, sid, event_type, resource_sid, description, timestamp_ms, fields)
  SELECT workspace_sid, sequence, sid, event_type, resource_sid, description, timestamp_ms, fields FROM events;
DROP TABLE events;
ALTER TABLE events_lean RENAME TO events;
CREATE INDEX events_by_time ON events (workspace_sid, timestamp_ms);
DROP INDEX event_outbox_by_age;

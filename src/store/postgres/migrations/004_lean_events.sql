-- 004: a leaner event log (fewer indexes to update per event).
-- - one time index, events_by_time (workspace_sid, timestamp_ms), serves both the Events API's time
--   window and retention (which now prunes workspace by workspace); events_by_age is gone.
-- - resource_type is not stored: the event type names it (EVENT_TYPES in src/domain/event-types.ts).
-- - the outbox loses its age index: rows leave it on delivery, and retention prunes it per
--   workspace through its key.
DROP INDEX events_by_age;
ALTER TABLE events DROP COLUMN resource_type;
DROP INDEX event_outbox_by_age;

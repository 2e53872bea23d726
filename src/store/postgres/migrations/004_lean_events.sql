-- Placeholder on branch h/cluster only: migration 004 is h/speed's (leaner event rows). At merge this
-- file is replaced by theirs (same name); 005_cluster.sql does not depend on what 004 changes.
SELECT 1;

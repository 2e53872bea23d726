/**
 * Numbered, forward-only migrations: files `NNN_name.sql` in ./migrations, applied in order, each in
 * its own transaction, recorded in `schema_migrations`. A database newer than this code is refused.
 */
import type Database from "better-sqlite3";
import { type Migration, readMigrations } from "../migration-files.ts";
import { StoreError } from "../store-errors.ts";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

export function listMigrations(): Migration[] {
  return readMigrations(MIGRATIONS_DIR);
}

export function migrate(db: Database.Database): number {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
  );
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  const migrations = listMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      `the database is at schema version ${current}, newer than this Tasklane (${latest})`,
    );
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
  return latest;
}

/**
 * Numbered, forward-only migrations for PostgreSQL: files `NNN_name.sql` in ./migrations, applied in
 * order in one transaction, recorded in `schema_migrations`. Several nodes may start at once: an
 * advisory transaction lock (keyed by the schema) lets one migrate while the others wait, then see
 * the work done. A database newer than this code is refused.
 */
import type pg from "pg";
import { type Migration, readMigrations } from "../migration-files.ts";
import { StoreError } from "../store-errors.ts";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

/** First key of Tasklane's two-key advisory locks ("TLmg" for migrations). */
export const MIGRATION_LOCK_CLASS = 0x544c6d67;

export function listMigrations(): Migration[] {
  return readMigrations(MIGRATIONS_DIR);
}

export async function migrate(client: pg.ClientBase, schema: string | null): Promise<number> {
  const migrations = listMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  await client.query("BEGIN");
  try {
    await client.query(
      "SELECT pg_advisory_xact_lock($1, hashtext(coalesce($2::text, current_schema()::text)))",
      [MIGRATION_LOCK_CLASS, schema],
    );
    if (schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
    );
    const { rows } = await client.query<{ version: number | null }>(
      "SELECT max(version) AS version FROM schema_migrations",
    );
    const current = rows[0]?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        `the database is at schema version ${current}, newer than this Tasklane (${latest})`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        Date.now(),
      ]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  return latest;
}

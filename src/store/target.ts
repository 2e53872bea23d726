/**
 * Where a store keeps its data, as the adapters take it (src/store/open-store.ts). DATABASE_URL is
 * parsed into one of these by src/config/database-url.ts; the store never reads the environment.
 */
export type DatabaseTarget = SqliteTarget | { kind: "memory" } | PostgresTarget;

/** Set from TASKLANE_QUARANTINE_BAD_ROWS (src/store/bad-rows.ts); absent = off. */
interface LoadOptions {
  quarantineBadRows?: boolean;
}

export interface SqliteTarget extends LoadOptions {
  kind: "sqlite";
  path: string;
}

export interface PostgresTarget extends LoadOptions {
  kind: "postgres";
  /** The connection string for the driver, without Tasklane's own `schema` parameter. */
  connectionString: string;
  /** Schema to create and use; null = the server's default search_path. */
  schema: string | null;
  /** For messages only (never the password). */
  host: string;
  port: number;
}

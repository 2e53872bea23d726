/**
 * DATABASE_URL: where Tasklane keeps its data.
 *   sqlite:<path>       embedded SQLite file (default sqlite:./data/tasklane.db), directory created on start
 *   memory:             nothing persisted (tests)
 *   postgres://user:password@host:port/database[?schema=name]   (postgresql:// too) PostgreSQL; several
 *                       nodes may share one database, one of them active (docs/postgres.md). `schema`
 *                       picks the schema Tasklane creates and uses (default: the server's search_path,
 *                       usually public); every other query parameter goes to the driver (e.g. sslmode).
 */
import type { DatabaseTarget, PostgresTarget } from "../store/target.ts";
import { ConfigError } from "./config-error.ts";

export type { DatabaseTarget, PostgresTarget, SqliteTarget } from "../store/target.ts";

export const DEFAULT_DATABASE_URL = "sqlite:./data/tasklane.db";

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function parseDatabaseUrl(value: string): DatabaseTarget {
  const url = value.trim();
  if (url === "memory:" || url === "memory://") return { kind: "memory" };
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "")
      throw new ConfigError("DATABASE_URL", "sqlite: needs a file path, e.g. sqlite:./data/tasklane.db");
    return { kind: "sqlite", path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return parsePostgresUrl(url);
  throw new ConfigError(
    "DATABASE_URL",
    `unsupported value "${value}": expected sqlite:<path>, memory: or postgres://…`,
  );
}

function parsePostgresUrl(raw: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      "DATABASE_URL",
      "not a valid PostgreSQL URL: expected postgres://user:password@host:port/database",
    );
  }
  const schema = url.searchParams.get("schema");
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new ConfigError(
      "DATABASE_URL",
      `schema "${schema}" is not a plain identifier (letters, digits and _, not starting with a digit)`,
    );
  }
  url.searchParams.delete("schema");
  const port = url.port === "" ? 5432 : Number(url.port);
  return {
    kind: "postgres",
    connectionString: url.toString(),
    schema,
    host: url.hostname === "" ? "localhost" : url.hostname,
    port,
  };
}

/**
 * DATABASE_URL: where Tasklane keeps its data.
 *   sqlite:<path>       embedded SQLite file (default sqlite:./data/tasklane.db), directory created on start
 *   memory:             nothing persisted (tests)
 *   postgres://…        reserved for the PostgreSQL adapter, which does not exist yet
 */
import { ConfigError } from "./config-error.ts";

export type DatabaseTarget = { kind: "sqlite"; path: string } | { kind: "memory" };

export const DEFAULT_DATABASE_URL = "sqlite:./data/tasklane.db";

export function parseDatabaseUrl(value: string): DatabaseTarget {
  const url = value.trim();
  if (url === "memory:" || url === "memory://") return { kind: "memory" };
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "")
      throw new ConfigError("DATABASE_URL", "sqlite: needs a file path, e.g. sqlite:./data/tasklane.db");
    return { kind: "sqlite", path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      "DATABASE_URL",
      "PostgreSQL support is not available yet; use sqlite:<path> for now",
    );
  }
  throw new ConfigError(
    "DATABASE_URL",
    `unsupported value "${value}": expected sqlite:<path>, memory: or postgres://…`,
  );
}

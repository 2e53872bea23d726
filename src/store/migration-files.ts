/**
 * The numbered, forward-only migration files of one dialect: `NNN_name.sql` in a folder, in order.
 * Each adapter applies them its own way (src/store/sqlite/migrate.ts, src/store/postgres/migrate.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `folder` is a file URL, e.g. `new URL("./migrations/", import.meta.url)`. */
export function readMigrations(folder: URL): Migration[] {
  const dir = fileURLToPath(folder);
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(dir + file, "utf8"),
    }));
}

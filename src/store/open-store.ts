/**
 * Picks the adapter for a DATABASE_URL. The runtime and the API only see the Store port.
 * The PostgreSQL adapter connects on its first call (or `open()`), so this stays synchronous.
 */

import { MemoryStore } from "./memory/memory-store.ts";
import type { Store } from "./port.ts";
import { PostgresStore } from "./postgres/postgres-store.ts";
import { SqliteStore } from "./sqlite/sqlite-store.ts";
import type { DatabaseTarget } from "./target.ts";

export function openStore(target: DatabaseTarget): Store {
  switch (target.kind) {
    case "memory":
      return new MemoryStore();
    case "sqlite":
      return new SqliteStore(target.path, { quarantineBadRows: target.quarantineBadRows === true });
    case "postgres":
      return new PostgresStore(target, { quarantineBadRows: target.quarantineBadRows === true });
  }
}

/**
 * Picks the adapter for a DATABASE_URL. A PostgreSQL adapter plugs in here (src/store/postgres/)
 * without touching the runtime or the API: they only see the Store port.
 */
import type { DatabaseTarget } from "../config/database-url.ts";
import { MemoryStore } from "./memory/memory-store.ts";
import type { Store } from "./port.ts";
import { SqliteStore } from "./sqlite/sqlite-store.ts";

export function openStore(target: DatabaseTarget): Store {
  switch (target.kind) {
    case "memory":
      return new MemoryStore();
    case "sqlite":
      return new SqliteStore(target.path);
  }
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listMigrations } from "../../src/store/sqlite/migrate.ts";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { describeStoreContract, type StoreHarness } from "./store.contract.ts";
import { describeStoreEventsContract } from "./store-events.contract.ts";
import { describeStoreGroupContract } from "./store-group.contract.ts";

async function open(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), "tasklane-store-"));
  const path = join(dir, "nested", "tasklane.db");
  let current = new SqliteStore(path);
  return {
    get store() {
      return current;
    },
    reopen: async () => {
      await current.close();
      current = new SqliteStore(path);
      return current;
    },
    cleanup: async () => {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreContract("sqlite", open);
describeStoreEventsContract("sqlite", open);
describeStoreGroupContract("sqlite", open);

describe("SQLite migrations", () => {
  it("are numbered from 001 without gaps", () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });
});

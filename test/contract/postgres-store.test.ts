/**
 * The storage conformance suite on PostgreSQL (each test in its own schema, dropped afterwards), plus
 * what only a shared SQL database has: migrations racing at start, and sequence numbers of one
 * workspace staying unique when two connections commit at once.
 */
import { describe, expect, it } from "vitest";
import { listMigrations } from "../../src/store/postgres/migrate.ts";
import { PostgresStore } from "../../src/store/postgres/postgres-store.ts";
import { domainEvent, sid } from "../support/entities.ts";
import { createTestSchema, postgres } from "./postgres-harness.ts";
import { describeStoreContract, type StoreHarness } from "./store.contract.ts";
import { describeStoreEventsContract } from "./store-events.contract.ts";
import { describeStoreGroupContract } from "./store-group.contract.ts";

async function open(): Promise<StoreHarness> {
  const schema = await createTestSchema("store");
  let current = new PostgresStore(schema.target, { poolSize: 4 });
  return {
    get store() {
      return current;
    },
    reopen: async () => {
      await current.close();
      current = new PostgresStore(schema.target, { poolSize: 4 });
      return current;
    },
    cleanup: async () => {
      await current.close();
      await schema.drop();
    },
  };
}

describe.runIf(postgres.available)("PostgreSQL adapter", () => {
  describeStoreContract("postgres", open);
  describeStoreEventsContract("postgres", open);
  describeStoreGroupContract("postgres", open);

  it("has migrations numbered from 001 without gaps", () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it("migrates once when several nodes start together", async () => {
    const schema = await createTestSchema("race");
    const stores = [1, 2, 3].map(() => new PostgresStore(schema.target, { poolSize: 2 }));
    try {
      await Promise.all(stores.map((s) => s.open()));
      const { rows } = await schema.admin(
        `SELECT version FROM "${schema.name}".schema_migrations ORDER BY 1`,
      );
      expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await schema.drop();
    }
  });

  it("numbers one workspace's events without duplicates when two connections commit at once", async () => {
    const h = await open();
    const other = new PostgresStore((h.store as PostgresStore).target, { poolSize: 4 });
    const WS = sid("WS", 1);
    try {
      const commits = Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? h.store : other).commit({
          workspaceSid: WS,
          upserts: [],
          deletes: [],
          events: [
            { ...domainEvent(sid("WT", 1)), sid: sid("EV", 100 + 2 * i) },
            { ...domainEvent(sid("WT", 1)), sid: sid("EV", 101 + 2 * i) },
          ],
        }),
      );
      const sequences = (await Promise.all(commits)).flatMap((events) => events.map((e) => e.sequence));
      expect([...sequences].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // Each batch got two consecutive numbers.
      for (const events of await Promise.all(commits)) {
        expect((events[1]?.sequence ?? 0) - (events[0]?.sequence ?? 0)).toBe(1);
      }
    } finally {
      await other.close();
      await h.cleanup();
    }
  });

  it("says which server it cannot reach", async () => {
    const store = new PostgresStore({
      kind: "postgres",
      connectionString: "postgres://postgres@127.0.0.1:1/postgres",
      schema: null,
      host: "127.0.0.1",
      port: 1,
    });
    await expect(store.loadAll()).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    await store.close();
  });
});

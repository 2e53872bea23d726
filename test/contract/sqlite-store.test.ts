import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listMigrations } from "../../src/store/sqlite/migrate.ts";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { sid } from "../support/entities.ts";
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

describe("SQLite files at rest (they hold the auth token and API key secrets)", () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it("creates the data folder 0700 and the database, -wal and -shm files 0600", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tasklane-modes-"));
    const path = join(dir, "data", "tasklane.db");
    const store = new SqliteStore(path);
    try {
      await store.saveAccount({ accountSid: sid("AC", 1), authToken: "t".repeat(32) });
      expect(modeOf(join(dir, "data"))).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        expect([file, modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tightens its own files left 0644 by an older version, and warns about an open folder it did not create", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tasklane-modes-"));
    chmodSync(dir, 0o755);
    const path = join(dir, "tasklane.db");
    const warnings: string[] = [];
    try {
      const first = new SqliteStore(path, { warn: (m) => warnings.push(m) });
      await first.saveAccount({ accountSid: sid("AC", 1), authToken: "t".repeat(32) });
      await first.close();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        if (existsSync(file)) chmodSync(file, 0o644);
      }
      warnings.length = 0;
      const second = new SqliteStore(path, { warn: (m) => warnings.push(m) });
      try {
        expect((await second.getAccount())?.authToken).toBe("t".repeat(32));
        for (const file of [path, `${path}-wal`, `${path}-shm`]) {
          if (existsSync(file)) expect([file, modeOf(file)]).toEqual([file, 0o600]);
        }
      } finally {
        await second.close();
      }
      // The folder existed: left as it is (it may be the working directory), and said.
      expect(modeOf(dir)).toBe(0o755);
      expect(warnings).toEqual([
        expect.stringContaining(`the data folder ${dir} is open to other users (mode 0755)`),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the path and DATABASE_URL when the database cannot be opened", () => {
    const dir = mkdtempSync(join(tmpdir(), "tasklane-modes-"));
    const file = join(dir, "a-file");
    writeFileSync(file, "not a folder");
    try {
      expect(() => new SqliteStore(join(file, "tasklane.db"))).toThrow(
        `DATABASE_URL: cannot open the SQLite database ${join(file, "tasklane.db")}: ENOTDIR`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

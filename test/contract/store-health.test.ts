/**
 * Issue 10 item 15 at the store level, on real SQLite and real PostgreSQL: an unreadable entity row
 * stops the load with a message naming the table, workspace, kind and SID (before: a bare JSON
 * SyntaxError on SQLite, a TypeError deep in the engine on PostgreSQL), and with
 * TASKLANE_QUARANTINE_BAD_ROWS the row moves to quarantined_rows and the rest loads. And `health()`
 * says whether a write would succeed: a PostgreSQL session in read-only mode is not writable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../../src/config/database-url.ts";
import type { Store } from "../../src/store/port.ts";
import { PostgresStore } from "../../src/store/postgres/postgres-store.ts";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { activityEntity, sid, taskEntity, workspaceEntity } from "../support/entities.ts";
import { createTestSchema, postgres } from "./postgres-harness.ts";

const AC = sid("AC", 1);
const WS = sid("WS", 1);
const WT = sid("WT", 1);

async function seed(store: Store): Promise<void> {
  await store.commit({
    workspaceSid: WS,
    upserts: [
      { kind: "workspace", sid: WS, entity: workspaceEntity(WS, AC) },
      { kind: "activity", sid: sid("WA", 1), entity: activityEntity(sid("WA", 1), WS) },
      { kind: "task", sid: WT, entity: taskEntity(WT, WS) },
    ],
    deletes: [],
    events: [],
  });
}

async function expectQuarantine(
  open: (quarantine: boolean, warn: (m: string) => void) => Store,
  reason: string,
  quarantined: () => Promise<Array<{ sid: string; document: string }>>,
  corruptDocument: string,
): Promise<void> {
  const strict = open(false, () => {});
  try {
    await expect(strict.loadAll()).rejects.toThrow(
      `cannot read table entities, workspace ${WS}, task ${WT}: ${reason}`,
    );
    await expect(strict.loadAll()).rejects.toThrow(/start with TASKLANE_QUARANTINE_BAD_ROWS=1/);
  } finally {
    await strict.close();
  }
  const warnings: string[] = [];
  const lenient = open(true, (m) => warnings.push(m));
  try {
    const [snapshot] = await lenient.loadAll();
    expect(snapshot?.workspace.sid).toBe(WS);
    expect(snapshot?.activities).toHaveLength(1);
    expect(snapshot?.tasks).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining(`quarantined task ${WT} of workspace ${WS}`)]);
    expect(await quarantined()).toEqual([{ sid: WT, document: corruptDocument }]);
    expect((await lenient.health?.())?.quarantinedRows).toBe(1);
    // Moved, not copied: the next start is clean.
    expect(await lenient.loadAll()).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  } finally {
    await lenient.close();
  }
}

describe("unreadable rows and store health: SQLite", () => {
  it("names the row, and quarantines it on request", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tasklane-bad-row-"));
    const path = join(dir, "tasklane.db");
    try {
      const first = new SqliteStore(path);
      await seed(first);
      expect(await first.health()).toMatchObject({ adapter: "sqlite", writable: true, quarantinedRows: 0 });
      await first.close();
      const corrupt = '{"sid": "WT broken';
      const raw = new Database(path);
      raw.prepare("UPDATE entities SET document = ? WHERE kind = 'task'").run(corrupt);
      const read = () =>
        Promise.resolve(
          raw.prepare("SELECT sid, document FROM quarantined_rows").all() as Array<{
            sid: string;
            document: string;
          }>,
        );
      try {
        await expectQuarantine(
          (quarantineBadRows, warn) => new SqliteStore(path, { quarantineBadRows, warn }),
          "the document is not valid JSON",
          read,
          corrupt,
        );
      } finally {
        raw.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(postgres.available)("unreadable rows and store health: PostgreSQL", () => {
  it("names the row, and quarantines it on request", async () => {
    const schema = await createTestSchema("badrow");
    try {
      const first = new PostgresStore(schema.target, { poolSize: 2 });
      await seed(first);
      expect(await first.health()).toMatchObject({ adapter: "postgres", writable: true });
      await first.close();
      await schema.admin(
        `UPDATE "${schema.name}".entities SET document = '"garbage"'::jsonb WHERE kind = 'task'`,
      );
      await expectQuarantine(
        (quarantineBadRows, warn) =>
          new PostgresStore(schema.target, { poolSize: 2, quarantineBadRows, warn }),
        "the document is not a JSON object",
        async () =>
          (await schema.admin(`SELECT sid, document FROM "${schema.name}".quarantined_rows`)).rows as Array<{
            sid: string;
            document: string;
          }>,
        '"garbage"',
      );
    } finally {
      await schema.drop();
    }
  });

  it("is not writable while the database refuses writes (read-only sessions), and says why", async () => {
    const schema = await createTestSchema("readonly");
    const role = `tl_ro_${schema.name.slice(-12)}`;
    await schema.admin(`CREATE ROLE "${role}" LOGIN SUPERUSER`);
    const url = new URL(schema.url);
    url.username = role;
    const target = parseDatabaseUrl(url.toString());
    if (target.kind !== "postgres") throw new Error("not a PostgreSQL URL");
    const store = new PostgresStore(target, { poolSize: 2, applicationName: role });
    const dropSessions = () =>
      schema.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [role]);
    try {
      await seed(store);
      expect((await store.health()).writable).toBe(true);
      await schema.admin(`ALTER ROLE "${role}" SET default_transaction_read_only = on`);
      await dropSessions();
      // The first write after the drop may still meet a dying connection; then a read-only one.
      const writeError = async () =>
        seed(store).then(
          () => "written",
          (error: Error) => error.message,
        );
      await expect.poll(writeError, { timeout: 5000, interval: 100 }).toMatch(/read-only transaction/);
      await expect
        .poll(async () => store.health(), { timeout: 5000, interval: 300 })
        .toMatchObject({
          writable: false,
          reason: expect.stringMatching(/^writes fail: .*read-only transaction/),
        });
      await schema.admin(`ALTER ROLE "${role}" RESET default_transaction_read_only`);
      await dropSessions();
      await expect.poll(writeError, { timeout: 5000, interval: 100 }).toBe("written");
      await expect
        .poll(async () => (await store.health()).writable, { timeout: 5000, interval: 300 })
        .toBe(true);
    } finally {
      await store.close();
      await schema.admin(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
      await schema.drop();
    }
  });
});

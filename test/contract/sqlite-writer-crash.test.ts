/**
 * Issue 11 item 2: SQLite commits run on a writer thread (src/store/sqlite/writer.ts). If that
 * thread dies, no write may be acknowledged that is not durable: writes waiting for it fail with a
 * named error, a write that was acknowledged is in the file after a reopen, and the next write
 * starts a new thread. Also through real HTTP: a task created with 201 while the thread is killed
 * under a burst of creates is there after a restart, and the server keeps accepting writes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startServer } from "../../src/server.ts";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { crashWriterThreadForTests } from "../../src/store/sqlite/writer.ts";
import { activityEntity, sid, taskEntity, workspaceEntity } from "../support/entities.ts";
import { clientFor } from "../support/twilio-client.ts";

const dir = mkdtempSync(join(tmpdir(), "tasklane-writer-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AC = sid("AC", 1);
const WS = sid("WS", 1);
const taskBatch = (n: number) => ({
  workspaceSid: WS,
  upserts: [{ kind: "task" as const, sid: sid("WT", n), entity: taskEntity(sid("WT", n), WS) }],
  deletes: [],
  events: [],
});

describe("SQLite writer thread dying", () => {
  it("fails the writes waiting for it, never acknowledges one that is not durable, and restarts", async () => {
    const path = join(dir, "store.db");
    let store = new SqliteStore(path);
    await store.commit({
      workspaceSid: WS,
      upserts: [
        { kind: "workspace", sid: WS, entity: workspaceEntity(WS, AC) },
        { kind: "activity", sid: sid("WA", 1), entity: activityEntity(sid("WA", 1), WS) },
      ],
      deletes: [],
      events: [],
    });
    // Writes in flight while the thread is killed: each either fails (named) or was committed.
    const inFlight = Array.from({ length: 20 }, (_, i) => store.commit(taskBatch(i + 1)));
    await crashWriterThreadForTests();
    const outcomes = await Promise.allSettled(inFlight);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected")
        expect(String(outcome.reason)).toMatch(/SQLite writer thread (failed|stopped)/);
    }
    const acknowledged = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [sid("WT", i + 1)] : []));
    // The next write starts a new thread and is durable.
    await store.commit(taskBatch(100));
    await store.close();
    store = new SqliteStore(path);
    const tasks = new Set((await store.loadWorkspace(WS))?.tasks.map((t) => t.sid));
    for (const acked of acknowledged) expect(tasks.has(acked)).toBe(true);
    expect(tasks.has(sid("WT", 100))).toBe(true);
    await store.close();
  });

  it("through HTTP: every 201 survives a restart, and writes go on after the thread died", async () => {
    const env = { PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `sqlite:${join(dir, "server.db")}` };
    const config = loadConfig(env);
    let server = await startServer({ config, env });
    const { accountSid, authToken } = server.credentials;
    config.port = server.port;
    const client = clientFor(`http://127.0.0.1:${server.port}`, accountSid, authToken);
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: "crash" });
    const workflow = await client.taskrouter.v1.workspaces(ws.sid).workflows.create({
      friendlyName: "all",
      configuration: JSON.stringify({ task_routing: { filters: [] } }),
    });
    const create = () =>
      client.taskrouter.v1.workspaces(ws.sid).tasks.create({ workflowSid: workflow.sid, attributes: "{}" });
    const burst = Array.from({ length: 30 }, create);
    // Kill the thread while the server has writes waiting for it.
    for (let i = 0; i < 10_000 && server.runtime.commits.size === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(server.runtime.commits.size).toBeGreaterThan(0);
    await crashWriterThreadForTests();
    const outcomes = await Promise.allSettled(burst);
    const created = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.sid] : []));
    for (const o of outcomes)
      if (o.status === "rejected")
        expect((o.reason as { status?: number }).status).toBeGreaterThanOrEqual(500);
    const after = await create();
    await server.close();
    server = await startServer({ config, env });
    try {
      const listed = new Set((await client.taskrouter.v1.workspaces(ws.sid).tasks.list()).map((t) => t.sid));
      for (const sidCreated of [...created, after.sid]) expect(listed.has(sidCreated)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

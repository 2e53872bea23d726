/**
 * A real Tasklane for the HTTP benchmarks: startServer on 127.0.0.1, port 0, a temporary SQLite
 * file. Large workspaces are seeded by committing an engine snapshot straight to the store before
 * the server starts (the server then restores it, as after any restart); creating 10k workers or
 * 1M tasks through HTTP first would make the benchmarks slow to set up without measuring anything.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/config.ts";
import type { Clock } from "../../src/domain/clock.ts";
import type { WorkspaceSnapshot } from "../../src/engine/view.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import type { StoredEntity } from "../../src/store/port.ts";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { ACCOUNT_SID } from "./build-engine.ts";

export const AUTH_TOKEN = "b".repeat(32);

export function tempDatabase(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tasklane-bench-"));
  return { path: join(dir, "tasklane.db"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function snapshotEntities(s: WorkspaceSnapshot): StoredEntity[] {
  const e: StoredEntity[] = [{ kind: "workspace", sid: s.workspace.sid, entity: s.workspace }];
  for (const x of s.activities) e.push({ kind: "activity", sid: x.sid, entity: x });
  for (const x of s.taskChannels) e.push({ kind: "taskChannel", sid: x.sid, entity: x });
  for (const x of s.workers) e.push({ kind: "worker", sid: x.sid, entity: x });
  for (const x of s.workerChannels) e.push({ kind: "workerChannel", sid: x.sid, entity: x });
  for (const x of s.taskQueues) e.push({ kind: "taskQueue", sid: x.sid, entity: x });
  for (const x of s.workflows) e.push({ kind: "workflow", sid: x.sid, entity: x });
  for (const x of s.tasks) e.push({ kind: "task", sid: x.sid, entity: x });
  for (const x of s.reservations) e.push({ kind: "reservation", sid: x.sid, entity: x });
  return e;
}

/** Writes a workspace into the SQLite file at `path` (in batches of 50k rows per transaction). */
export async function seedDatabase(path: string, snapshot: WorkspaceSnapshot): Promise<void> {
  const store = new SqliteStore(path);
  const all = snapshotEntities(snapshot);
  for (let i = 0; i < all.length; i += 50_000) {
    await store.commit({
      workspaceSid: snapshot.workspace.sid,
      upserts: all.slice(i, i + 50_000),
      deletes: [],
      events: [],
    });
  }
  await store.close();
}

export interface BenchServer {
  server: RunningServer;
  baseUrl: string;
  authorization: string;
  close(): Promise<void>;
}

export async function startBenchServer(path: string, clock?: Clock, port = 0): Promise<BenchServer> {
  const env = {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `sqlite:${path}`,
    TASKLANE_ACCOUNT_SID: ACCOUNT_SID,
    TASKLANE_AUTH_TOKEN: AUTH_TOKEN,
  };
  const server = await startServer({ config: loadConfig(env), env, ...(clock ? { clock } : {}) });
  return {
    server,
    baseUrl: `http://127.0.0.1:${server.port}`,
    authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`,
    close: () => server.close(),
  };
}

/**
 * The SQLite writer thread (a worker_threads Worker, one per process, started by ./writer.ts): it
 * holds one write connection per open SqliteStore and runs their writes in arrival order, each
 * answered once its COMMIT returned. The event loop thus never waits for a commit, a WAL write or
 * a checkpoint's copy and fsync.
 */
import { parentPort } from "node:worker_threads";
import Database from "better-sqlite3";
import { WriteConnection } from "./write-connection.ts";
import type { ThreadReply, ThreadRequest } from "./writer-protocol.ts";

const connections = new Map<number, { db: Database.Database; writes: WriteConnection }>();

function handle(request: ThreadRequest): ThreadReply {
  try {
    if (request.type === "open") {
      const db = new Database(request.path);
      db.pragma(`synchronous = ${request.synchronous}`);
      db.pragma("busy_timeout = 5000");
      connections.set(request.connection, { db, writes: new WriteConnection(db) });
      return { id: request.id, ok: true, value: 0 };
    }
    const connection = connections.get(request.connection);
    if (connection === undefined)
      throw new Error(`SQLite writer: connection ${request.connection} is not open`);
    if (request.type === "close") {
      connections.delete(request.connection);
      connection.db.close();
      return { id: request.id, ok: true, value: 0 };
    }
    return { id: request.id, ok: true, value: connection.writes.apply(request.write) };
  } catch (error) {
    const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
    return {
      id: request.id,
      ok: false,
      error: {
        name: typeof name === "string" ? name : "Error",
        message: typeof message === "string" ? message : String(error),
        ...(typeof code === "string" ? { code } : {}),
      },
    };
  }
}

parentPort?.on("message", (request: ThreadRequest) => {
  parentPort?.postMessage(handle(request));
});

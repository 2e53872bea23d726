/**
 * The SQLite checkpoint thread (a worker_threads Worker, one per process, started by
 * ./checkpointer.ts): one more connection per open database file, on which it runs
 * `PRAGMA wal_checkpoint(PASSIVE)` when asked. A passive checkpoint copies committed WAL frames into
 * the database file and fsyncs both without taking the write lock, so the writer thread keeps
 * committing while it runs (before, each auto-checkpoint ran inside a COMMIT on the writer thread
 * and every write queued behind its copy and fsyncs). Durability is unchanged: a commit is durable
 * once it is in the WAL, checkpointed or not.
 */
import { parentPort } from "node:worker_threads";
import Database from "better-sqlite3";
import type { CheckpointReply, CheckpointRequest } from "./checkpoint-protocol.ts";

const connections = new Map<number, Database.Database>();
const MAX_PASSES = 4;

/** What `PRAGMA wal_checkpoint` answers: busy (0 or 1), frames in the WAL, frames checkpointed. */
interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

function handle(request: CheckpointRequest): CheckpointReply {
  try {
    if (request.type === "open") {
      const db = new Database(request.path, { fileMustExist: true });
      // A checkpoint never waits for the writer's own (backstop) checkpoint: it is asked again later.
      db.pragma("busy_timeout = 0");
      connections.set(request.connection, db);
    } else if (request.type === "checkpoint") {
      const db = connections.get(request.connection);
      // Again while the writer appended frames during the pass (up to MAX_PASSES): the WAL file starts
      // over (instead of growing) only when a write begins after a pass that copied every frame.
      for (let pass = 0; db !== undefined && pass < MAX_PASSES; pass++) {
        const [result] = db.pragma("wal_checkpoint(PASSIVE)") as CheckpointResult[];
        if (result === undefined || result.busy !== 0 || result.checkpointed >= result.log) break;
      }
    } else {
      connections.get(request.connection)?.close();
      connections.delete(request.connection);
    }
    return { id: request.id, ok: true };
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on("message", (request: CheckpointRequest) => {
  parentPort?.postMessage(handle(request));
});

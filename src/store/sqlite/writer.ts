/**
 * Where a SqliteStore's writes run. A database file: on the process's one SQLite writer thread
 * (./writer-thread.ts), which holds a write connection per store, so commits, WAL writes and
 * checkpoints never block the event loop while reads stay on the store's own connection (WAL lets
 * them run beside the writer and see every commit that was answered). `:memory:` (one connection
 * only): on the store's connection, as a plain call.
 *
 * The thread is started with the first store and kept for the life of the process; it holds the
 * process open only while a write is waiting for its answer. If it dies, the waiting writes fail
 * (the group commit resyncs from the store, as after any failed commit) and the next write starts
 * a new thread, where each store opens its connection again.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { StoreError } from "../store-errors.ts";
import type { WriteConnection, WriteOp, WriteResult } from "./write-connection.ts";
import type { ThreadReply, ThreadRequest } from "./writer-protocol.ts";

export interface SqliteWriter {
  write(op: WriteOp): Promise<WriteResult>;
  close(): Promise<void>;
}

/** Writes on the caller's connection, synchronously (`:memory:`). */
export class InlineWriter implements SqliteWriter {
  constructor(private readonly connection: WriteConnection) {}

  write(op: WriteOp): Promise<WriteResult> {
    try {
      return Promise.resolve(this.connection.apply(op));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async close(): Promise<void> {}
}

type Request = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, "id"> : never) : never;

/** Writes on the writer thread, in the order they were asked for. */
export class ThreadWriter implements SqliteWriter {
  private static connections = 0;
  private readonly connection = ++ThreadWriter.connections;
  private thread: WriterThread | null = null;
  private opened: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly synchronous: "NORMAL" | "FULL",
  ) {
    // Opened now, so starting the thread overlaps the store's load instead of delaying the first write.
    this.connected();
  }

  write(op: WriteOp): Promise<WriteResult> {
    const thread = this.connected();
    const opened = this.opened;
    return thread.request({ connection: this.connection, type: "write", write: op }).catch(async (error) => {
      await opened; // a failed open is the reason to report
      throw error;
    });
  }

  /** The thread, with this store's connection opened there (asked for; requests run in order). */
  private connected(): WriterThread {
    const thread = WriterThread.shared();
    if (this.thread !== thread) {
      // A new thread (the first write, or the last thread died): open this store's connection there.
      // Requests are handled in order, so the write need not wait for the answer.
      this.thread = thread;
      this.opened = thread.request({
        connection: this.connection,
        type: "open",
        path: this.path,
        synchronous: this.synchronous,
      });
      this.opened.catch(() => {});
    }
    return thread;
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    if (thread === null || thread.dead) return;
    await thread.request({ connection: this.connection, type: "close" }).catch(() => {});
  }
}

/**
 * Ends the writer thread the way a crash would (tests): the writes waiting for it fail with
 * "the SQLite writer thread failed", and the next write starts a new thread.
 */
export async function crashWriterThreadForTests(): Promise<void> {
  await WriterThread.crash();
}

class WriterThread {
  private static current: WriterThread | null = null;

  static async crash(): Promise<void> {
    const thread = WriterThread.current;
    if (thread === null || thread.dead) return;
    await thread.worker.terminate();
  }

  static shared(): WriterThread {
    if (WriterThread.current === null || WriterThread.current.dead) WriterThread.current = new WriterThread();
    return WriterThread.current;
  }

  dead = false;
  private readonly worker = startWorker();
  private readonly pending = new Map<
    number,
    { resolve(value: WriteResult): void; reject(error: Error): void }
  >();
  private nextId = 0;

  private constructor() {
    this.worker.unref();
    this.worker.on("message", (reply: ThreadReply) => this.settle(reply));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) =>
      this.fail(new StoreError(`the SQLite writer thread stopped (exit code ${code})`)),
    );
  }

  request(request: Request): Promise<WriteResult> {
    if (this.dead) return Promise.reject(new StoreError("the SQLite writer thread stopped"));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held open only while an answer is awaited: an idle store must not keep the process alive.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(reply: ThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(rebuildError(reply.error));
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    const failure = new StoreError(`the SQLite writer thread failed: ${error.message}`);
    failure.cause = error;
    for (const waiting of this.pending.values()) waiting.reject(failure);
    this.pending.clear();
    void this.worker.terminate();
  }
}

/** The thread's error as the store's callers expect it (SqliteError codes tell storage failures apart). */
function rebuildError(error: { name: string; message: string; code?: string }): Error {
  if (error.name === "SqliteError" && error.code !== undefined)
    return new Database.SqliteError(error.message, error.code);
  if (error.name === "StoreError") return new StoreError(error.message);
  return new Error(error.message);
}

/**
 * Compiled (dist/), the thread runs writer-thread.js. From the TypeScript sources (tsx, vitest) it
 * first registers tsx, which a worker does not inherit from `--import`.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./writer-thread.js", here));
  // tsx's ESM entry (its CommonJS one, which require.resolve finds, cannot register from a worker).
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./writer-thread.ts", here).href;
  const boot = `const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;
  return new Worker(boot, { eval: true, workerData: { tsx, entry } });
}

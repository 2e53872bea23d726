/**
 * WAL checkpoints beside the writer thread (./checkpoint-thread.ts). A store's ThreadWriter tells
 * its Checkpointer how much each commit wrote (`wrote(rows)`); once about WEIGHT_PER_CHECKPOINT
 * (≈ SQLite's default of 1,000 WAL pages) has accumulated, one passive checkpoint is asked for on
 * the checkpoint thread, never more than one at a time per store. The writer connection keeps an
 * auto-checkpoint as a backstop at BACKSTOP_PAGES, in case this thread falls behind or dies.
 *
 * The thread is shared by the process, unref'd (it never keeps the process alive), and started
 * again with the next store after it died; a failed checkpoint is only retried with the next writes.
 */
import type { Worker } from "node:worker_threads";
import type { CheckpointReply, CheckpointRequest } from "./checkpoint-protocol.ts";
import { startThread } from "./thread-start.ts";

/** The writer connection's own auto-checkpoint (pages), reached only if this thread falls behind. */
export const BACKSTOP_PAGES = 4000;
/** Each commit weighs COMMIT_WEIGHT plus one per row (entity or event) it wrote. */
const COMMIT_WEIGHT = 4;
const WEIGHT_PER_CHECKPOINT = 1000;

type Request = CheckpointRequest extends infer R
  ? R extends CheckpointRequest
    ? Omit<R, "id">
    : never
  : never;

export class Checkpointer {
  private static connections = 0;
  private readonly connection = ++Checkpointer.connections;
  private thread: CheckpointThread | null = null;
  private weight = 0;
  private running = false;
  private closed = false;

  constructor(private readonly path: string) {}

  /** A commit of `rows` entities and events returned on the writer thread. */
  wrote(rows: number): void {
    this.weight += COMMIT_WEIGHT + rows;
    if (this.weight < WEIGHT_PER_CHECKPOINT || this.running || this.closed) return;
    this.weight = 0;
    this.running = true;
    void this.connected()
      .request({ connection: this.connection, type: "checkpoint" })
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        this.running = false;
      });
  }

  private connected(): CheckpointThread {
    const thread = CheckpointThread.shared();
    if (this.thread !== thread) {
      this.thread = thread;
      // Requests run in order: the checkpoint asked for next need not wait for this answer.
      thread.request({ connection: this.connection, type: "open", path: this.path }).catch(() => {});
    }
    return thread;
  }

  /** Closes this store's connection on the thread (after a checkpoint that is running). */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    this.thread = null;
    if (thread === null || thread.dead) return;
    await thread.request({ connection: this.connection, type: "close" }).catch(() => {});
  }
}

class CheckpointThread {
  private static current: CheckpointThread | null = null;

  static shared(): CheckpointThread {
    if (CheckpointThread.current === null || CheckpointThread.current.dead)
      CheckpointThread.current = new CheckpointThread();
    return CheckpointThread.current;
  }

  dead = false;
  private readonly worker: Worker = startThread("checkpoint-thread");
  private readonly pending = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private nextId = 0;

  private constructor() {
    this.worker.unref();
    this.worker.on("message", (reply: CheckpointReply) => {
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiting.resolve();
      else waiting.reject(new Error(reply.message));
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) =>
      this.fail(new Error(`the SQLite checkpoint thread stopped (exit code ${code})`)),
    );
  }

  request(request: Request): Promise<void> {
    if (this.dead) return Promise.reject(new Error("the SQLite checkpoint thread stopped"));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held open only while an answer is awaited (a store's close waits for its connection's).
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    void this.worker.terminate();
  }
}

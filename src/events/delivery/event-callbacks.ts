/**
 * Event callback delivery from the durable outbox (store.listOutbox), one worker per workspace.
 *
 * Guarantees:
 * - at least once: an entry leaves the outbox only after its receiver answered 2xx; a crash between
 *   the answer and the ack sends it again after the restart;
 * - in order per workspace: the worker sends the oldest entry and nothing behind it until that one
 *   got through, retrying with exponential backoff (TASKLANE_EVENT_CALLBACK_RETRY_BASE_MS doubling
 *   up to ..._MAX_MS), forever or until retention prunes it;
 * - isolation: each workspace has its own worker, and none of them touches the writer, so a dead
 *   receiver delays only its own workspace's callbacks, never routing or other workspaces.
 *
 * Worker states: idle -> running (on notify or at start when the outbox is not empty) -> idle when
 * the outbox is empty. A notify while running marks it dirty so the worker looks again before idling.
 */
import type { Store } from "../../store/port.ts";
import { backoffDelay, sleep } from "./backoff.ts";
import { postForm } from "./post-form.ts";

export interface EventCallbackOptions {
  store: Store;
  authToken: string;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  log: (line: string) => void;
}

const BATCH = 100;

export class EventCallbackDelivery {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: EventCallbackOptions) {}

  /** Resumes delivery of whatever the outbox held when the server stopped. */
  async start(): Promise<void> {
    for (const workspaceSid of await this.options.store.outboxWorkspaces()) this.notify(workspaceSid);
  }

  /** New entries were committed for this workspace. */
  notify(workspaceSid: string): void {
    if (this.stopping.signal.aborted) return;
    this.dirty.add(workspaceSid);
    if (this.running.has(workspaceSid)) return;
    const worker = this.drain(workspaceSid).finally(() => this.running.delete(workspaceSid));
    this.running.set(workspaceSid, worker);
  }

  /** Resolves when every worker is idle (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Aborts requests in flight and waits for the workers to stop; the outbox keeps what is left. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.running.values());
  }

  private async drain(workspaceSid: string): Promise<void> {
    const { store, log } = this.options;
    const signal = this.stopping.signal;
    let failures = 0;
    try {
      while (!signal.aborted) {
        this.dirty.delete(workspaceSid);
        const entries = await store.listOutbox(workspaceSid, BATCH);
        if (entries.length === 0) {
          if (this.dirty.has(workspaceSid)) continue;
          return;
        }
        for (const entry of entries) {
          const result = await postForm(entry.url, entry.params, {
            authToken: this.options.authToken,
            timeoutMs: this.options.timeoutMs,
            signal,
          });
          if (signal.aborted) return;
          if (result.ok) {
            failures = 0;
            await store.ackOutbox(workspaceSid, entry.sequence);
            continue;
          }
          failures += 1;
          const delay = backoffDelay(failures, this.options.retryBaseMs, this.options.retryMaxMs);
          log(
            `event callback ${entry.params.EventType ?? ""} #${entry.sequence} of ${workspaceSid} failed ` +
              `(attempt ${failures}): ${result.reason}; retrying in ${delay} ms`,
          );
          await sleep(delay, signal);
          // Look at the outbox again: the entry may have been pruned or its workspace deleted.
          break;
        }
      }
    } catch (error) {
      if (!signal.aborted) log(`event callbacks of ${workspaceSid} stopped: ${String(error)}`);
    }
  }
}

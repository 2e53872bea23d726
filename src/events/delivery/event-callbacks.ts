/**
 * Event callback delivery from the durable outbox (store.listOutbox), one worker per workspace.
 *
 * Guarantees:
 * - at least once: an entry leaves the outbox only after its receiver answered 2xx; a crash between
 *   the answer and the ack sends it again after the restart;
 * - in order per workspace: the worker sends the oldest entry and nothing behind it until that one
 *   got through, retrying with exponential backoff (TASKLANE_EVENT_CALLBACK_RETRY_BASE_MS doubling
 *   up to ..._MAX_MS);
 * - current settings: each entry goes to the workspace's event_callback_url AT SEND TIME and only
 *   if its type passes the current events_filter (the URL stored with the entry is where it was
 *   first meant to go). Fixing the URL wakes a worker waiting out a backoff; clearing it drops the
 *   queue;
 * - bounded: when an attempt fails, every entry whose event is older than
 *   TASKLANE_EVENT_CALLBACK_MAX_AGE_MS (1 h) is dropped, with one log line and one
 *   `workspace.event-callbacks-dropped` event (never itself sent as a callback);
 * - isolation: each workspace has its own worker, and none of them touches the writer (except to
 *   record a drop), so a dead receiver delays only its own workspace's callbacks.
 *
 * Worker states: idle -> running (on notify or at start when the outbox is not empty) -> idle when
 * the outbox is empty; running -> backing off (sleep) after a failure -> running. A notify while
 * running marks it dirty so the worker looks again before idling.
 */
import type { Store } from "../../store/port.ts";
import { parseEventsFilter, passesFilter } from "../log/events-filter.ts";
import { backoffDelay, sleep } from "./backoff.ts";
import type { WebhookClient } from "./webhook-client.ts";

/** The workspace's current callback settings, or undefined when the workspace is gone. */
export type CurrentSettings = (
  workspaceSid: string,
) => { eventCallbackUrl: string | null; eventsFilter: string | null } | undefined;

/** Record that entries were dropped (an event through the writer); never throws. */
export type RecordDrop = (workspaceSid: string, drop: DroppedCallbacks) => Promise<void>;

export interface DroppedCallbacks {
  count: number;
  firstSequence: number;
  lastSequence: number;
  reason: string;
}

export interface EventCallbackOptions {
  store: Store;
  client: WebhookClient;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAgeMs: number;
  now: () => number;
  settings: CurrentSettings;
  recordDrop: RecordDrop;
  log: (line: string) => void;
}

/** What the operator sees of one workspace's worker (GET …/EventCallbacks/Queue). */
export interface DeliveryState {
  /** Consecutive failures of the entry at the head of the queue. */
  failures: number;
  lastFailure: string | null;
  /** Epoch ms (clock) of the first of those failures, and of the next attempt. */
  failingSince: number | null;
  nextAttemptAt: number | null;
}

const BATCH = 100;

interface Backoff {
  url: string;
  wake: AbortController;
}

export class EventCallbackDelivery {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly backingOff = new Map<string, Backoff>();
  private readonly states = new Map<string, DeliveryState>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: EventCallbackOptions) {}

  /** Resumes delivery of whatever the outbox held when the server stopped. */
  async start(): Promise<void> {
    for (const workspaceSid of await this.options.store.outboxWorkspaces()) this.notify(workspaceSid);
  }

  /** A worker of this workspace is delivering or waiting out a failure. */
  busy(workspaceSid: string): boolean {
    return this.running.has(workspaceSid) || this.backingOff.has(workspaceSid);
  }

  /** New entries were committed for this workspace (or its settings changed). */
  notify(workspaceSid: string): void {
    if (this.stopping.signal.aborted) return;
    this.dirty.add(workspaceSid);
    const waiting = this.backingOff.get(workspaceSid);
    // A worker waiting out a failure of the old URL tries again at once with the new one.
    if (waiting && this.options.settings(workspaceSid)?.eventCallbackUrl !== waiting.url)
      waiting.wake.abort();
    if (this.running.has(workspaceSid)) return;
    const worker = this.drain(workspaceSid).finally(() => this.running.delete(workspaceSid));
    this.running.set(workspaceSid, worker);
  }

  state(workspaceSid: string): DeliveryState {
    return this.states.get(workspaceSid) ?? emptyState();
  }

  /** Drops every queued callback of the workspace (operator purge); returns how many. */
  async purge(workspaceSid: string): Promise<number> {
    const dropped = await this.options.store.dropOutbox(workspaceSid, Number.MAX_SAFE_INTEGER);
    this.states.delete(workspaceSid);
    this.backingOff.get(workspaceSid)?.wake.abort();
    this.options.log(
      `event callbacks of ${workspaceSid}: ${dropped} queued callback(s) purged by the operator`,
    );
    return dropped;
  }

  /** Resolves when every worker is idle (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Stops the workers (their requests are ended by the client's stop()); the outbox keeps what is left. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.running.values());
  }

  private async drain(workspaceSid: string): Promise<void> {
    const { store, log } = this.options;
    const signal = this.stopping.signal;
    try {
      while (!signal.aborted) {
        this.dirty.delete(workspaceSid);
        const entries = await store.listOutbox(workspaceSid, BATCH);
        if (entries.length === 0) {
          if (this.dirty.has(workspaceSid)) continue;
          this.states.delete(workspaceSid);
          return;
        }
        // Unknown while the workspace is being created (its host is not registered yet): then the
        // entries' own URL, which is the current one.
        const settings = this.options.settings(workspaceSid);
        if (settings !== undefined && !settings.eventCallbackUrl) {
          await this.drop(workspaceSid, entries, "the workspace has no EventCallbackUrl any more");
          continue;
        }
        const filter = parseEventsFilter(settings?.eventsFilter ?? null);
        for (const entry of entries) {
          const url = settings?.eventCallbackUrl ?? entry.url;
          if (!passesFilter(filter, entry.params.EventType ?? "")) {
            await store.ackOutbox(workspaceSid, entry.sequence);
            continue;
          }
          const result = await this.options.client.post(url, entry.params, {
            timeoutMs: this.options.timeoutMs,
            readBody: false,
          });
          if (signal.aborted) return;
          if (result.ok) {
            this.states.delete(workspaceSid);
            await store.ackOutbox(workspaceSid, entry.sequence);
            continue;
          }
          await this.failed(workspaceSid, url, entry.sequence, entry.params.EventType ?? "", result.reason);
          // Look at the outbox again: entries may have been dropped, pruned or purged.
          break;
        }
      }
    } catch (error) {
      if (!signal.aborted) log(`event callbacks of ${workspaceSid} stopped: ${String(error)}`);
    }
  }

  private async failed(
    workspaceSid: string,
    url: string,
    sequence: number,
    eventType: string,
    reason: string,
  ): Promise<void> {
    const now = this.options.now();
    const state = this.states.get(workspaceSid) ?? emptyState();
    state.failures += 1;
    state.lastFailure = reason;
    state.failingSince ??= now;
    const delay = backoffDelay(state.failures, this.options.retryBaseMs, this.options.retryMaxMs);
    state.nextAttemptAt = now + delay;
    this.states.set(workspaceSid, state);
    this.options.log(
      `event callback ${eventType} #${sequence} of ${workspaceSid} failed (attempt ${state.failures}): ` +
        `${reason}; retrying in ${delay} ms`,
    );
    const cutoff = now - this.options.maxAgeMs;
    const old = (await this.options.store.listOutbox(workspaceSid, 10 * BATCH)).filter(
      (entry) => entry.createdAt < cutoff,
    );
    if (old.length > 0) {
      await this.drop(workspaceSid, old, `still failing after ${this.options.maxAgeMs} ms (${reason})`);
      state.failures = 0;
      state.failingSince = null;
      return; // the next entry gets its first attempt at once
    }
    const backoff: Backoff = { url, wake: new AbortController() };
    this.backingOff.set(workspaceSid, backoff);
    const stopped = this.stopping.signal;
    const onStop = () => backoff.wake.abort();
    stopped.addEventListener("abort", onStop, { once: true });
    await sleep(delay, backoff.wake.signal);
    stopped.removeEventListener("abort", onStop);
    this.backingOff.delete(workspaceSid);
  }

  /** Removes `entries` (oldest first, consecutive from the head) and records it. */
  private async drop(
    workspaceSid: string,
    entries: ReadonlyArray<{ sequence: number }>,
    reason: string,
  ): Promise<void> {
    const first = entries[0];
    const last = entries[entries.length - 1];
    if (first === undefined || last === undefined) return;
    const count = await this.options.store.dropOutbox(workspaceSid, last.sequence);
    this.options.log(
      `event callbacks of ${workspaceSid}: dropped ${count} queued callback(s) #${first.sequence}..#${last.sequence}: ${reason}`,
    );
    await this.options.recordDrop(workspaceSid, {
      count,
      firstSequence: first.sequence,
      lastSequence: last.sequence,
      reason,
    });
  }
}

function emptyState(): DeliveryState {
  return { failures: 0, lastFailure: null, failingSince: null, nextAttemptAt: null };
}

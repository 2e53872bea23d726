/**
 * Hosts one workspace: its engine and its single writer.
 *
 * Write path (one command at a time, through the SerialQueue):
 *   1. engine.execute(command, clock.now())   -> Outcome (a refused command throws and changes nothing)
 *   2. store.commit(batch)                     -> durable before anyone hears about it
 *   3. sink.deliver(events, effects), re-arm the timer, resolve the caller with outcome.result
 * If step 2 fails (or the engine fails with something other than a TaskRouterError), the in-memory
 * engine may hold changes the store does not: the host restores its engine from the store, so
 * memory and disk agree again, and the caller gets a 500.
 * Reads go straight to `view` and never wait for the queue.
 */
import type { EntityRef } from "../domain/entities.ts";
import { TaskRouterError } from "../domain/errors.ts";
import { SidPrefix, type SidSource } from "../domain/sid.ts";
import type { Command } from "../engine/commands.ts";
import type { Outcome } from "../engine/outcome.ts";
import type { EngineDeps, WorkspaceEngineApi, WorkspaceView } from "../engine/view.ts";
import type { OutboxRequest, Store, StoredEntity } from "../store/port.ts";
import type { EffectSink, EngineFactory, RuntimeClock } from "./ports.ts";
import { SerialQueue } from "./serial-queue.ts";

export interface HostDeps {
  store: Store;
  engines: EngineFactory;
  engineDeps: EngineDeps;
  clock: RuntimeClock;
  sids: SidSource;
  sink: EffectSink;
  /** Called after every write so the runtime can re-arm its single timer. */
  onWakeChanged: () => void;
  /** The event callbacks to commit with a batch's events (the durable outbox); none when absent. */
  planOutbox?: PlanOutbox;
}

export type PlanOutbox = (
  workspace: WorkspaceView["workspace"],
  events: ReadonlyArray<CommitEvent>,
) => OutboxRequest[];

type CommitEvent = Outcome["events"][number] & { sid: string };

export class WorkspaceHost {
  private readonly queue = new SerialQueue();
  private closed = false;
  /** Set when the engine could not be resynced from the store: refuse writes until a restart. */
  private broken = false;
  /** The clock value of the last tick, so a tick that leaves a due timer is not repeated at once. */
  private lastTickAt: number | null = null;
  private tickQueued = false;

  constructor(
    private engine: WorkspaceEngineApi,
    private readonly deps: HostDeps,
  ) {}

  get sid(): string {
    return this.engine.sid;
  }

  get accountSid(): string {
    return this.engine.view.workspace.accountSid;
  }

  /** The current state; never waits for writes. */
  get view(): WorkspaceView {
    return this.engine.view;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Applies one command through the writer and resolves with the command's result once durable. */
  execute<R = unknown>(command: Command): Promise<R> {
    return this.queue.run(() => this.apply(command) as Promise<R>);
  }

  /**
   * When this workspace's earliest timer fires, or null. Null too while a tick is queued (the write
   * re-arms the timer when it finishes) and for a timer the last tick left at its own instant.
   */
  wakeAt(): number | null {
    if (this.closed || this.tickQueued) return null;
    const at = this.engine.nextWakeAt();
    if (at === null || (this.lastTickAt !== null && at <= this.lastTickAt)) return null;
    return at;
  }

  /** Enqueues one tick (behind any queued writes) when a timer is due at `now`. */
  tickIfDue(now: number): void {
    const at = this.wakeAt();
    if (at === null || at > now) return;
    this.tickQueued = true;
    this.queue
      .run(() => {
        this.tickQueued = false;
        return this.apply({ type: "tick" });
      })
      .catch(() => {
        // A failed tick was already resynced from the store; the next wake retries it.
      });
  }

  /** Waits for queued writes, then removes the workspace from the store and closes the host. */
  remove(): Promise<void> {
    return this.queue.run(async () => {
      this.ensureOpen();
      await this.deps.store.deleteWorkspace(this.sid);
      this.closed = true;
      this.deps.onWakeChanged();
    });
  }

  get pendingWrites(): number {
    return this.queue.size;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Commits an outcome produced outside the queue (workspace creation). */
  async commitInitial(outcome: Outcome): Promise<void> {
    await this.persist(outcome);
  }

  private async apply(command: Command): Promise<unknown> {
    this.ensureOpen();
    const now = this.deps.clock.now();
    if (command.type === "tick") this.lastTickAt = now;
    let outcome: Outcome;
    try {
      outcome = this.engine.execute(command, now);
    } catch (error) {
      if (error instanceof TaskRouterError) throw error;
      await this.resync(now);
      throw internalError("the routing engine failed", error);
    }
    try {
      await this.persist(outcome);
    } catch (error) {
      await this.resync(now);
      throw internalError("the change could not be saved", error);
    } finally {
      this.deps.onWakeChanged();
    }
    return outcome.result;
  }

  private async persist(outcome: Outcome): Promise<void> {
    const { store, sids, sink } = this.deps;
    const upserts: StoredEntity[] = [];
    const deletes: EntityRef[] = [...outcome.deleted];
    for (const ref of outcome.changed) {
      const entity = this.engine.view.entity(ref.kind, ref.sid);
      if (entity === undefined) deletes.push(ref);
      else upserts.push({ kind: ref.kind, sid: ref.sid, entity } as StoredEntity);
    }
    const events = outcome.events.map((event) => ({ ...event, sid: sids.next(SidPrefix.event) }));
    const outbox = this.deps.planOutbox?.(this.engine.view.workspace, events) ?? [];
    const stored = await store.commit({ workspaceSid: this.sid, upserts, deletes, events, outbox });
    if (stored.length > 0 || outcome.effects.length > 0) {
      sink.deliver({
        accountSid: this.accountSid,
        workspaceSid: this.sid,
        events: stored,
        effects: outcome.effects,
      });
    }
  }

  /** Rebuilds the engine from what the store holds (the last committed state). */
  private async resync(now: number): Promise<void> {
    try {
      const snapshot = await this.deps.store.loadWorkspace(this.sid);
      if (snapshot === null) this.closed = true;
      else this.engine = this.deps.engines.restore(this.deps.engineDeps, snapshot, now);
    } catch {
      this.broken = true;
    }
  }

  private ensureOpen(): void {
    if (this.broken) {
      throw new TaskRouterError(20503, 503, `Workspace ${this.sid} is unavailable until the server restarts`);
    }
    if (this.closed) {
      throw new TaskRouterError(20404, 404, `The requested resource Workspace ${this.sid} was not found`);
    }
  }
}

function internalError(what: string, cause: unknown): TaskRouterError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const error = new TaskRouterError(20500, 500, `Internal error: ${what} (${detail})`);
  error.cause = cause;
  return error;
}

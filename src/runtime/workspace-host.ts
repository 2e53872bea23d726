/**
 * Hosts one workspace: its engine and its single writer.
 *
 * Write path (one command at a time, through the SerialQueue):
 *   1. engine.execute(command, clock.now())   -> Outcome (a refused command throws and changes nothing)
 *   2. the write joins this turn's group commit (./group-commit.ts): the writer goes on with the next
 *      command at once, and the caller waits until the group's one transaction is durable
 *   3. after the commit: sink.deliver(events, effects), then the caller gets outcome.result
 * If the group's commit fails, every command of the group fails (500), and so do this workspace's
 * commands applied after it (built on the lost state): the host restores its engine from the store
 * before its writer applies anything else, so memory and disk agree again. An engine failure other
 * than a TaskRouterError waits for this workspace's writes to settle, then resyncs the same way,
 * unless the engine reports it changed nothing before failing (EngineFault.stateChanged false).
 * Reads go straight to `view` and never wait for the queue.
 */
import type { EntityRef } from "../domain/entities.ts";
import {
  EngineFault,
  internalFailure,
  notFound,
  TaskRouterError,
  workspaceMoved,
  workspaceUnavailable,
} from "../domain/errors.ts";
import { SidPrefix, type SidSource } from "../domain/sid.ts";
import type { CommandResults, CommandType, TypedCommand } from "../engine/commands.ts";
import type { Outcome } from "../engine/outcome.ts";
import type { EngineDeps, WorkspaceEngineApi, WorkspaceView } from "../engine/view.ts";
import type { OutboxRequest, Store, StoredEvent } from "../store/port.ts";
import type { GroupCommit, GroupMember } from "./group-commit.ts";
import type { EffectSink, EngineFactory, RuntimeClock } from "./ports.ts";
import { SerialQueue } from "./serial-queue.ts";

export interface HostDeps {
  store: Store;
  engines: EngineFactory;
  engineDeps: EngineDeps;
  clock: RuntimeClock;
  sids: SidSource;
  sink: EffectSink;
  /** The group commit shared by every workspace of the runtime (it re-arms the timer after each group). */
  commits: GroupCommit;
  /** Called when the workspace's timers may have changed outside a commit (removal, resync). */
  onWakeChanged: () => void;
  /** The event callbacks to commit with a batch's events (the durable outbox); none when absent. */
  planOutbox?: PlanOutbox;
}

export type PlanOutbox = (
  workspace: WorkspaceView["workspace"],
  events: ReadonlyArray<CommitEvent>,
) => OutboxRequest[];

type CommitEvent = Outcome["events"][number] & { sid: string };

/** What the writer hands back: the command is applied; `durable` settles once it is committed. */
interface Applied<R> {
  durable: Promise<R>;
}

export class WorkspaceHost implements GroupMember {
  private readonly queue = new SerialQueue();
  private closed = false;
  /** Cluster hook: closed because the workspace left this node (see detach), not deleted. */
  private detached = false;
  /** Set when the engine could not be resynced from the store: writes are refused until a resync works. */
  private broken = false;
  /** The clock value of the last tick, so a tick that leaves a due timer is not repeated at once. */
  private lastTickAt: number | null = null;
  private tickQueued = false;
  /** Applied writes not yet committed or failed. */
  private uncommitted = 0;
  /** Settles when the last applied write has been committed or failed. */
  private lastWrite: Promise<unknown> = Promise.resolve();
  /** Counts changes to the engine's state (applied commands, resyncs): read caches key on it. */
  private changes = 0;
  /** A resync after a failed group: the writer waits for it before applying anything. */
  private resyncing: Promise<void> | null = null;

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

  /**
   * A number that changes whenever the state seen through `view` may have changed (every applied
   * command, every resync). Equal revisions mean equal state: a read may reuse what it derived.
   */
  get revision(): number {
    return this.changes;
  }

  /** Applies one command through the writer and resolves with the command's result once durable. */
  async execute<T extends CommandType>(command: TypedCommand<T>): Promise<CommandResults[T]> {
    const applied = await this.queue.run(() => this.apply<T>(command));
    return applied.durable;
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
      .then((applied) => applied.durable)
      .catch(() => {
        // A failed tick was already resynced from the store; the next wake retries it.
      });
  }

  /** Waits for queued writes and their commits, then removes the workspace from the store. */
  remove(): Promise<void> {
    return this.queue.run(async () => {
      await this.settled();
      this.ensureOpen();
      await this.deps.store.deleteWorkspace(this.sid);
      this.closed = true;
      this.deps.onWakeChanged();
    });
  }

  get pendingWrites(): number {
    return this.queue.size + this.uncommitted;
  }

  async idle(): Promise<void> {
    await this.queue.idle();
    await this.settled();
  }

  /**
   * Cluster hook: the workspace left this node (handed over or its lease lost). Later commands are
   * refused; the store fences anything still in flight.
   */
  detach(): void {
    this.detached = true;
    this.closed = true;
    this.deps.onWakeChanged();
  }

  /** Commits an outcome produced outside the queue (workspace creation). */
  async commitInitial(outcome: Outcome): Promise<void> {
    await this.persist(outcome);
  }

  /** The group holding some of this workspace's writes failed: rebuild the engine from the store. */
  onGroupFailed(): void {
    const now = this.deps.clock.now();
    const previous = this.resyncing ?? Promise.resolve();
    const resync: Promise<void> = previous.then(() => this.resync(now));
    this.resyncing = resync;
    resync.then(() => {
      if (this.resyncing === resync) this.resyncing = null;
      this.deps.onWakeChanged();
    });
  }

  private async apply<T extends CommandType>(command: TypedCommand<T>): Promise<Applied<CommandResults[T]>> {
    if (this.resyncing !== null) await this.resyncing;
    // A resync that failed (the database was gone) is tried again before each write, so the
    // workspace serves again as soon as the store answers, without a restart.
    if (this.broken) await this.resync(this.deps.clock.now());
    this.ensureOpen();
    const now = this.deps.clock.now();
    if (command.type === "tick") this.lastTickAt = now;
    let outcome: Outcome<CommandResults[T]>;
    try {
      outcome = this.engine.execute<T>(command, now);
    } catch (error) {
      // A refused command changes nothing; anything else may have changed memory before failing.
      if (error instanceof TaskRouterError) throw error;
      // A bug that struck before anything changed leaves memory equal to the store: no rebuild.
      if (error instanceof EngineFault && !error.stateChanged) {
        throw internalFailure("the routing engine failed", error.cause);
      }
      this.changes += 1;
      // Writes applied before this one stay valid: let them commit (or fail) first.
      await this.settled();
      if (this.resyncing !== null) await this.resyncing;
      await this.resync(now);
      throw internalFailure("the routing engine failed", error);
    }
    this.changes += 1;
    return { durable: this.persist(outcome) };
  }

  /** Hands the outcome to the group commit; resolves with its result once durable and delivered. */
  private persist<R>(outcome: Outcome<R>): Promise<R> {
    const { sids, sink } = this.deps;
    const events = outcome.events.map((event) => ({ ...event, sid: sids.next(SidPrefix.event) }));
    const outbox = this.deps.planOutbox?.(this.engine.view.workspace, events) ?? [];
    const refs: EntityRef[] =
      outcome.deleted.length === 0 ? outcome.changed : [...outcome.changed, ...outcome.deleted];
    this.uncommitted += 1;
    const durable = new Promise<R>((resolve, reject) => {
      this.deps.commits.add({
        member: this,
        refs,
        events,
        outbox,
        done: (stored: StoredEvent[]) => {
          this.uncommitted -= 1;
          if (stored.length > 0 || outcome.effects.length > 0) {
            try {
              sink.deliver({
                accountSid: this.accountSid,
                workspaceSid: this.sid,
                events: stored,
                effects: outcome.effects,
                outboxed: outbox.length > 0,
              });
            } catch {
              // The sink must not throw; the change is durable either way.
            }
          }
          resolve(outcome.result);
        },
        failed: (error: unknown) => {
          this.uncommitted -= 1;
          reject(internalFailure("the change could not be saved", error));
        },
      });
    });
    this.lastWrite = durable.catch(() => {});
    return durable;
  }

  /** Resolves once every write applied so far is committed or failed (and any resync is done). */
  private async settled(): Promise<void> {
    let last: Promise<unknown>;
    do {
      last = this.lastWrite;
      await last;
      if (this.resyncing !== null) await this.resyncing;
    } while (last !== this.lastWrite);
  }

  /** Rebuilds the engine from what the store holds (the last committed state). */
  private async resync(now: number): Promise<void> {
    try {
      const snapshot = await this.deps.store.loadWorkspace(this.sid);
      if (snapshot === null) this.closed = true;
      else this.engine = this.deps.engines.restore(this.deps.engineDeps, snapshot, now);
      this.changes += 1;
      this.broken = false;
    } catch {
      // The store is out of reach: writes are refused (503) until a later command's resync works.
      this.broken = true;
    }
  }

  private ensureOpen(): void {
    if (this.broken) {
      throw workspaceUnavailable(this.sid);
    }
    if (this.detached) {
      throw workspaceMoved(this.sid);
    }
    if (this.closed) {
      throw notFound("Workspace", this.sid);
    }
  }
}

/**
 * The account registry: every workspace of the server, each hosted by one WorkspaceHost (one
 * writer), plus the single process-wide timer. Start = restore every stored workspace; create =
 * WorkspaceEngine.create then commit; delete = drain the writer, delete from the store, drop the host.
 * Every workspace's writes of one event-loop turn share one store transaction (./group-commit.ts).
 */
import { internalFailure, unavailable } from "../domain/errors.ts";
import type { SidSource } from "../domain/sid.ts";
import type { CreateWorkspaceParams, EngineConfig, WorkspaceSnapshot } from "../engine/view.ts";
import { CumulativeStatistics } from "../stats/cumulative/cumulative-statistics.ts";
import type { Store } from "../store/port.ts";
import { afterReplies } from "./after-replies.ts";
import { EventFeed } from "./event-feed.ts";
import { GroupCommit } from "./group-commit.ts";
import type { EffectSink, EngineFactory, RuntimeClock } from "./ports.ts";
import { discardEffects } from "./ports.ts";
import { WakeTimer } from "./wake-timer.ts";
import { type HostDeps, type PlanOutbox, WorkspaceHost } from "./workspace-host.ts";

export interface RuntimeOptions {
  accountSid: string;
  store: Store;
  engines: EngineFactory;
  engineConfig: EngineConfig;
  clock: RuntimeClock;
  sids: SidSource;
  sink?: EffectSink;
  /** Decides which events get an event callback (committed with them); see HostDeps.planOutbox. */
  planOutbox?: PlanOutbox;
  /** Cluster mode (src/cluster): start with no workspace; the cluster agent adopts them one by one. */
  loadAtStart?: boolean;
  /**
   * Restore the stored workspaces one by one after start() returns (when the store can list them,
   * Store.workspaceSids): each answers as soon as it is restored; until then `isLoading(sid)` is
   * true (the API answers 503 with Retry-After). `restored` settles when all are done.
   */
  restoreInBackground?: boolean;
}

export class AccountRuntime {
  readonly accountSid: string;
  readonly clock: RuntimeClock;
  /** Every committed event, live, per workspace (the event stream listens here). */
  readonly feed = new EventFeed();
  /** Cumulative statistics of every workspace, fed by each commit and rebuilt from the log at start. */
  readonly statistics = new CumulativeStatistics();
  private readonly hosts = new Map<string, WorkspaceHost>();
  private readonly hostDeps: HostDeps;
  private readonly timer: WakeTimer;
  private closing = false;
  /** Stored workspaces not restored yet (restoreInBackground). */
  private readonly loading = new Set<string>();
  /** Settles once every stored workspace is restored (rejects with the first one that could not be). */
  restored: Promise<void> = Promise.resolve();

  private constructor(private readonly options: RuntimeOptions) {
    this.accountSid = options.accountSid;
    this.clock = options.clock;
    this.hostDeps = {
      store: options.store,
      engines: options.engines,
      engineDeps: { accountSid: options.accountSid, sids: options.sids, config: options.engineConfig },
      clock: options.clock,
      sids: options.sids,
      sink: {
        deliver: (batch) => {
          this.statistics.ingest(batch.workspaceSid, batch.events);
          (options.sink ?? discardEffects).deliver(batch);
          // Pushes to worker sockets and event streams: after the group's replies (./after-replies.ts).
          if (batch.events.length > 0)
            afterReplies.run(() => this.feed.publish(batch.workspaceSid, batch.events));
        },
      },
      commits: new GroupCommit(options.store, () => this.rearm()),
      onWakeChanged: () => this.rearm(),
      ...(options.planOutbox ? { planOutbox: options.planOutbox } : {}),
    };
    this.timer = new WakeTimer(options.clock, (now) => this.fireDue(now));
  }

  /** The group commit every workspace writes through (metrics observe it). */
  get commits(): GroupCommit {
    return this.hostDeps.commits;
  }

  /**
   * Restores every stored workspace and arms the timer (timers already due fire right away); with
   * restoreInBackground (and a store that lists its workspaces) it returns at once and restores
   * them one by one (`restored`, `isLoading`).
   */
  static async start(options: RuntimeOptions): Promise<AccountRuntime> {
    const runtime = new AccountRuntime(options);
    const { store } = options;
    if (
      options.loadAtStart !== false &&
      options.restoreInBackground === true &&
      store.workspaceSids !== undefined &&
      store.restoreWorkspace !== undefined
    ) {
      const sids = await store.workspaceSids();
      for (const sid of sids) runtime.loading.add(sid);
      runtime.restored = runtime.restoreEach(sids);
      // Handled by whoever awaits `restored`; never an unhandled rejection meanwhile.
      runtime.restored.catch(() => {});
      return runtime;
    }
    const now = options.clock.now();
    const snapshots = options.loadAtStart === false ? [] : await options.store.loadAll();
    for (const snapshot of snapshots) {
      const engine = options.engines.restore(runtime.hostDeps.engineDeps, snapshot, now);
      runtime.hosts.set(engine.sid, new WorkspaceHost(engine, runtime.hostDeps));
    }
    await runtime.statistics.load(options.store, [...runtime.hosts.keys()], now);
    runtime.rearm();
    runtime.fireDue(now);
    return runtime;
  }

  /** A stored workspace that is still being restored at start-up (restoreInBackground). */
  isLoading(sid: string): boolean {
    return this.loading.has(sid);
  }

  /** Workspaces are still being restored at start-up: a list of them would be incomplete. */
  get restoring(): boolean {
    return this.loading.size > 0;
  }

  /**
   * Restores the workspaces in turn, letting the event loop answer requests between two of them
   * (a workspace's own restore is one synchronous step: a very large one delays every answer).
   */
  private async restoreEach(sids: readonly string[]): Promise<void> {
    const { store } = this.options;
    try {
      for (const sid of sids) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.closing) return;
        const snapshot = (await store.restoreWorkspace?.(sid)) ?? null;
        if (snapshot !== null) {
          const now = this.clock.now();
          const engine = this.options.engines.restore(this.hostDeps.engineDeps, snapshot, now);
          this.hosts.set(engine.sid, new WorkspaceHost(engine, this.hostDeps));
          await this.statistics.load(store, [engine.sid], now);
          this.rearm();
          this.fireDue(now);
        }
        this.loading.delete(sid);
      }
    } finally {
      // A failed restore leaves nothing "loading": the server stops (startServer rethrows).
      this.loading.clear();
    }
  }

  /** Workspaces of an account, oldest first. */
  workspaces(accountSid: string = this.accountSid): WorkspaceHost[] {
    return [...this.hosts.values()]
      .filter((host) => host.accountSid === accountSid && !host.isClosed)
      .sort(
        (a, b) => a.view.workspace.dateCreated - b.view.workspace.dateCreated || (a.sid < b.sid ? -1 : 1),
      );
  }

  /** The host of a workspace, or undefined when unknown, deleted or owned by another account. */
  workspace(sid: string, accountSid: string = this.accountSid): WorkspaceHost | undefined {
    const host = this.hosts.get(sid);
    return host === undefined || host.isClosed || host.accountSid !== accountSid ? undefined : host;
  }

  async createWorkspace(params: CreateWorkspaceParams): Promise<WorkspaceHost> {
    this.ensureOpen();
    const { engine, outcome } = this.options.engines.create(
      this.hostDeps.engineDeps,
      params,
      this.clock.now(),
    );
    const host = new WorkspaceHost(engine, this.hostDeps);
    try {
      await host.commitInitial(outcome);
    } catch (error) {
      throw internalFailure("the workspace could not be saved", error);
    }
    this.hosts.set(host.sid, host);
    this.rearm();
    return host;
  }

  async deleteWorkspace(sid: string): Promise<void> {
    this.ensureOpen();
    const host = this.hosts.get(sid);
    if (host === undefined) return;
    await host.remove();
    this.hosts.delete(sid);
    this.statistics.drop(sid);
  }

  // --- Cluster hooks (src/cluster): a workspace comes to this node or leaves it while it runs. ---

  /** Hosts a workspace this node now owns (its lease is held): restores it and fires due timers. */
  async adopt(snapshot: WorkspaceSnapshot): Promise<WorkspaceHost> {
    this.ensureOpen();
    const now = this.clock.now();
    const engine = this.options.engines.restore(this.hostDeps.engineDeps, snapshot, now);
    await this.statistics.load(this.options.store, [engine.sid], now);
    const host = new WorkspaceHost(engine, this.hostDeps);
    this.hosts.get(engine.sid)?.detach();
    this.hosts.set(engine.sid, host);
    this.rearm();
    host.tickIfDue(now);
    return host;
  }

  /**
   * Stops hosting a workspace without touching the store: `drain` first lets its queued writes
   * commit (a hand-over); without it (the lease is lost) they fail, fenced by the store.
   */
  async letGo(sid: string, drain: boolean): Promise<void> {
    const host = this.hosts.get(sid);
    if (host === undefined) return;
    if (drain) await host.idle();
    host.detach();
    if (this.hosts.get(sid) === host) this.hosts.delete(sid);
    this.statistics.drop(sid);
    this.rearm();
  }

  /** Resolves once every queued write of every workspace has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.hosts.values()].some((host) => host.pendingWrites > 0)) {
      await Promise.all([...this.hosts.values()].map((host) => host.idle()));
    }
    await afterReplies.settled();
  }

  /** Stops the timer and lets in-flight writes finish; new writes are refused. */
  async close(): Promise<void> {
    this.closing = true;
    this.timer.stop();
    await this.idle();
  }

  /** The earliest timer of any workspace (epoch ms), or null when nothing is scheduled. */
  nextWakeAt(): number | null {
    let earliest: number | null = null;
    for (const host of this.hosts.values()) {
      const at = host.wakeAt();
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    return earliest;
  }

  private rearm(): void {
    this.timer.arm(this.nextWakeAt());
  }

  private fireDue(now: number): void {
    if (this.closing) return;
    for (const host of this.hosts.values()) host.tickIfDue(now);
    // Hosts not due yet (a timer may fire a little early on the wall clock) keep the timer armed.
    this.rearm();
  }

  private ensureOpen(): void {
    if (this.closing) throw unavailable("The server is shutting down");
  }
}

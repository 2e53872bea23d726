/**
 * The in-memory state of one workspace: entities by SID plus the lookups every command needs
 * (names, per-task and per-worker reservations, the active reservations that hold capacity). The
 * routing indexes (membership, availability, waiting tasks, timers) live in `RoutingIndexes`.
 * Implements the read-only WorkspaceView handed to the shell.
 */
import type {
  Activity,
  EntityByKind,
  EntityKind,
  Reservation,
  ReservationStatus,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from "../../domain/entities.ts";
import type { CompiledExpression } from "../../expression/index.ts";
import type { RealTimeStatistics } from "../stats/figures.ts";
import { RealTimeStats } from "../stats/realtime.ts";
import type { WorkerChannelState, WorkspaceView } from "../view.ts";
import type { WorkflowConfig } from "../workflow/config.ts";
import { RoutingIndexes } from "./routing-indexes.ts";

/** Reservation states that hold capacity on the worker's channel. */
export const ACTIVE_RESERVATION: ReadonlySet<ReservationStatus> = new Set<ReservationStatus>([
  "pending",
  "accepted",
  "wrapping",
]);

export class WorkspaceState implements WorkspaceView {
  readonly activitiesById = new Map<string, Activity>();
  readonly channelsById = new Map<string, TaskChannel>();
  readonly channelByUniqueName = new Map<string, TaskChannel>();
  readonly workersById = new Map<string, Worker>();
  /** Lower-cased friendly name -> worker SID (names are unique, case-insensitively). */
  readonly workerByName = new Map<string, string>();
  /** worker SID -> task channel SID -> WorkerChannel. */
  readonly channelsOfWorker = new Map<string, Map<string, WorkerChannel>>();
  readonly workerChannelsById = new Map<string, WorkerChannel>();
  readonly queuesById = new Map<string, TaskQueue>();
  readonly queueExpressions = new Map<string, CompiledExpression>();
  readonly workflowsById = new Map<string, Workflow>();
  /** Parsed configuration; null when a restored document no longer parses (tasks then stay put). */
  readonly workflowConfigs = new Map<string, WorkflowConfig | null>();
  readonly tasksById = new Map<string, Task>();
  readonly reservationsById = new Map<string, Reservation>();
  readonly reservationsByTask = new Map<string, string[]>();
  readonly reservationsByWorker = new Map<string, string[]>();
  /** worker SID -> SIDs of its pending/accepted/wrapping reservations (they hold capacity). */
  readonly activeByWorker = new Map<string, Set<string>>();
  readonly indexes = new RoutingIndexes();
  /** Counters for tests and benchmarks: how much work routing did. */
  readonly metrics = { targetEvaluations: 0, membershipEvaluations: 0, candidatesExamined: 0 };
  /** Real-time statistics, kept in step by WorkspaceEngine after every command (src/engine/stats). */
  readonly stats: RealTimeStats = new RealTimeStats(this);

  constructor(public workspace: Workspace) {}

  get multiTask(): boolean {
    return this.workspace.multiTaskEnabled;
  }

  entity<K extends EntityKind>(kind: K, sid: string): EntityByKind[K] | undefined {
    const found = this.lookup(kind, sid);
    return found as EntityByKind[K] | undefined;
  }

  private lookup(kind: EntityKind, sid: string): EntityByKind[EntityKind] | undefined {
    switch (kind) {
      case "workspace":
        return sid === this.workspace.sid ? this.workspace : undefined;
      case "activity":
        return this.activitiesById.get(sid);
      case "taskChannel":
        return this.channelsById.get(sid);
      case "worker":
        return this.workersById.get(sid);
      case "workerChannel":
        return this.workerChannelsById.get(sid);
      case "taskQueue":
        return this.queuesById.get(sid);
      case "workflow":
        return this.workflowsById.get(sid);
      case "task":
        return this.tasksById.get(sid);
      case "reservation":
        return this.reservationsById.get(sid);
    }
  }

  /** Set (or, with null, forget) a queue's compiled TargetWorkers and its requirement index. */
  setQueueExpression(queueSid: string, expr: CompiledExpression | null): void {
    if (expr) {
      this.queueExpressions.set(queueSid, expr);
      this.indexes.queueRequirements.set(queueSid, expr);
    } else {
      this.queueExpressions.delete(queueSid);
      this.indexes.queueRequirements.delete(queueSid);
    }
  }

  statistics(): RealTimeStatistics {
    return this.stats;
  }

  activities(): Iterable<Activity> {
    return this.activitiesById.values();
  }
  activity(sid: string): Activity | undefined {
    return this.activitiesById.get(sid);
  }
  taskChannels(): Iterable<TaskChannel> {
    return this.channelsById.values();
  }
  taskChannel(sidOrUniqueName: string): TaskChannel | undefined {
    return this.channelsById.get(sidOrUniqueName) ?? this.channelByUniqueName.get(sidOrUniqueName);
  }
  workers(): Iterable<Worker> {
    return this.workersById.values();
  }
  worker(sid: string): Worker | undefined {
    return this.workersById.get(sid);
  }
  workerChannels(workerSid: string): WorkerChannel[] {
    return [...(this.channelsOfWorker.get(workerSid)?.values() ?? [])];
  }
  workerChannel(workerSid: string, sidOrChannel: string): WorkerChannel | undefined {
    const byWc = this.workerChannelsById.get(sidOrChannel);
    if (byWc) return byWc.workerSid === workerSid ? byWc : undefined;
    const channel = this.taskChannel(sidOrChannel);
    return channel ? this.channelsOfWorker.get(workerSid)?.get(channel.sid) : undefined;
  }

  /** Active (pending/accepted/wrapping) reservations of a worker, optionally on one channel. */
  activeCount(workerSid: string, channelSid?: string, statuses?: ReadonlySet<ReservationStatus>): number {
    const active = this.activeByWorker.get(workerSid);
    if (!active) return 0;
    let n = 0;
    for (const sid of active) {
      const r = this.reservationsById.get(sid);
      if (!r) continue;
      if (channelSid !== undefined && r.taskChannelSid !== channelSid) continue;
      if (statuses && !statuses.has(r.reservationStatus)) continue;
      n++;
    }
    return n;
  }

  workerChannelState(channel: WorkerChannel): WorkerChannelState {
    const assignedTasks = this.activeCount(channel.workerSid, channel.taskChannelSid, ASSIGNED);
    const busy = this.activeCount(channel.workerSid, channel.taskChannelSid);
    const pct =
      channel.configuredCapacity <= 0
        ? 0
        : Math.max(0, Math.floor((1 - busy / channel.configuredCapacity) * 100));
    return {
      assignedTasks,
      availableCapacityPercentage: pct,
      available: this.canTakeOn(channel.workerSid, channel.taskChannelSid),
    };
  }

  /**
   * Can this worker receive a new reservation on this channel? Its activity is available, the
   * channel is enabled with free capacity: pending+accepted+wrapping < configured capacity
   * (multitasking), or no active reservation at all on any channel (single-tasking).
   */
  canTakeOn(workerSid: string, channelSid: string): boolean {
    const worker = this.workersById.get(workerSid);
    if (!worker || !this.activitiesById.get(worker.activitySid)?.available) return false;
    const wc = this.channelsOfWorker.get(workerSid)?.get(channelSid);
    if (!wc?.available || wc.configuredCapacity <= 0) return false;
    if (!this.multiTask) return this.activeCount(workerSid) === 0;
    return this.activeCount(workerSid, channelSid) < wc.configuredCapacity;
  }

  taskQueues(): Iterable<TaskQueue> {
    return this.queuesById.values();
  }
  taskQueue(sid: string): TaskQueue | undefined {
    return this.queuesById.get(sid);
  }
  *queueMembers(queueSid: string): Iterable<Worker> {
    for (const sid of this.indexes.membership.membersOf(queueSid)) {
      const w = this.workersById.get(sid);
      if (w) yield w;
    }
  }
  *queuesOfWorker(workerSid: string): Iterable<TaskQueue> {
    for (const sid of this.indexes.membership.queuesOf(workerSid)) {
      const q = this.queuesById.get(sid);
      if (q) yield q;
    }
  }
  workflows(): Iterable<Workflow> {
    return this.workflowsById.values();
  }
  workflow(sid: string): Workflow | undefined {
    return this.workflowsById.get(sid);
  }
  tasks(): Iterable<Task> {
    return this.tasksById.values();
  }
  task(sid: string): Task | undefined {
    return this.tasksById.get(sid);
  }
  reservation(sid: string): Reservation | undefined {
    return this.reservationsById.get(sid);
  }
  reservationsOfTask(taskSid: string): Reservation[] {
    return this.resolve(this.reservationsByTask.get(taskSid));
  }
  reservationsOfWorker(workerSid: string): Reservation[] {
    return this.resolve(this.reservationsByWorker.get(workerSid));
  }
  private resolve(sids: string[] | undefined): Reservation[] {
    const out: Reservation[] = [];
    for (const sid of sids ?? []) {
      const r = this.reservationsById.get(sid);
      if (r) out.push(r);
    }
    return out;
  }
}

const ASSIGNED: ReadonlySet<ReservationStatus> = new Set<ReservationStatus>(["accepted", "wrapping"]);

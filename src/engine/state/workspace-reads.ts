/**
 * The read side of a workspace's in-memory state: the entity maps (protected: only WorkspaceState,
 * in workspace-state.ts, writes them), their read-only views, the routing indexes as reads, and
 * the WorkspaceView the shell is handed. The entity operations are in workspace-state.ts.
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
import { ENTITY_KINDS, type SnapshotList } from "../entity-kinds.ts";
import type { RealTimeStatistics } from "../stats/figures.ts";
import { RealTimeStats } from "../stats/realtime.ts";
import type { WorkerChannelState, WorkspaceSnapshot, WorkspaceView } from "../view.ts";
import type { WorkflowConfig } from "../workflow/config.ts";
import { blockingRule } from "./channel-rules.ts";
import { RoutingIndexes } from "./routing-indexes.ts";
import type { WorkerRecord } from "./worker-record.ts";

/** Reservation states that hold capacity on the worker's channel. */
export const ACTIVE_RESERVATION: ReadonlySet<ReservationStatus> = new Set<ReservationStatus>([
  "pending",
  "accepted",
  "wrapping",
]);
const ASSIGNED: ReadonlySet<ReservationStatus> = new Set<ReservationStatus>(["accepted", "wrapping"]);

/** A worker's record as the rest of the engine may see it: reads only. */
export interface WorkerRecordView {
  readonly worker: Worker;
  readonly channels: ReadonlyMap<string, WorkerChannel>;
  readonly active: readonly Reservation[];
  readonly reservations: readonly string[];
}

/** The routing indexes as the rest of the engine may see them: reads only. */
export interface RoutingReads {
  readonly membership: Pick<
    RoutingIndexes["membership"],
    "membersOf" | "queuesOf" | "isMember" | "countsByActivity"
  >;
  readonly available: Pick<RoutingIndexes["available"], "takeable">;
  readonly waiting: RoutingIndexes["waiting"];
  readonly direct: ReadonlyMap<string, ReadonlySet<string>>;
  readonly holds: ReadonlyMap<string, number>;
  availableSet: RoutingIndexes["availableSet"];
  availableCount: RoutingIndexes["availableCount"];
}

export class WorkspaceReads implements WorkspaceView {
  protected readonly activityMap = new Map<string, Activity>();
  protected readonly channelMap = new Map<string, TaskChannel>();
  protected readonly channelByName = new Map<string, TaskChannel>();
  protected readonly workerMap = new Map<string, Worker>();
  /** Lower-cased friendly name -> worker SID (names are unique, case-insensitively). */
  protected readonly workerNames = new Map<string, string>();
  /** worker SID -> its record: WorkerChannels, reservations, active ones, slot (worker-record.ts). */
  protected readonly records = new Map<string, WorkerRecord>();
  protected readonly workerChannelMap = new Map<string, WorkerChannel>();
  protected readonly queueMap = new Map<string, TaskQueue>();
  protected readonly queueExprs = new Map<string, CompiledExpression>();
  protected readonly workflowMap = new Map<string, Workflow>();
  /** Parsed configuration; null when a restored document no longer parses (tasks then stay put). */
  protected readonly configs = new Map<string, WorkflowConfig | null>();
  protected readonly taskMap = new Map<string, Task>();
  protected readonly reservationMap = new Map<string, Reservation>();
  protected readonly reservationsOf = new Map<string, string[]>();
  protected readonly ix = new RoutingIndexes();
  /**
   * Entity operations applied so far (each one below counts). The engine compares it around a
   * command: a refusal (TaskRouterError) after any write is reported as an EngineFault instead, so a
   * refused command provably changed nothing.
   */
  protected writes = 0;
  /** Counters for tests and benchmarks: how much work routing did. */
  readonly metrics = { targetEvaluations: 0, membershipEvaluations: 0, candidatesExamined: 0 };
  /** Real-time statistics, brought in line by `commit` after every command (src/engine/stats). */
  readonly stats: RealTimeStats = new RealTimeStats(this);

  /** The entity maps by snapshot list (entity-kinds.ts): lookup and snapshot walk the registry. */
  private readonly lists: {
    readonly [L in SnapshotList]: ReadonlyMap<string, WorkspaceSnapshot[L][number]>;
  } = {
    activities: this.activityMap,
    taskChannels: this.channelMap,
    workers: this.workerMap,
    workerChannels: this.workerChannelMap,
    taskQueues: this.queueMap,
    workflows: this.workflowMap,
    tasks: this.taskMap,
    reservations: this.reservationMap,
  };

  constructor(public workspace: Workspace) {}

  // ---- read-only views -------------------------------------------------------------------------

  get multiTask(): boolean {
    return this.workspace.multiTaskEnabled;
  }
  get activitiesById(): ReadonlyMap<string, Activity> {
    return this.activityMap;
  }
  get channelsById(): ReadonlyMap<string, TaskChannel> {
    return this.channelMap;
  }
  get channelByUniqueName(): ReadonlyMap<string, TaskChannel> {
    return this.channelByName;
  }
  get workersById(): ReadonlyMap<string, Worker> {
    return this.workerMap;
  }
  get workerByName(): ReadonlyMap<string, string> {
    return this.workerNames;
  }
  /** The worker's record, read-only (worker-record.ts): one lookup for all its per-worker data. */
  workerRecord(workerSid: string): WorkerRecordView | undefined {
    return this.records.get(workerSid);
  }
  /** Task channel SID -> the worker's WorkerChannel on it. */
  channelsOf(workerSid: string): ReadonlyMap<string, WorkerChannel> | undefined {
    return this.records.get(workerSid)?.channels;
  }
  /** The worker's pending/accepted/wrapping reservations (they hold capacity), oldest first. */
  activeOf(workerSid: string): readonly Reservation[] | undefined {
    return this.records.get(workerSid)?.active;
  }
  get workerChannelsById(): ReadonlyMap<string, WorkerChannel> {
    return this.workerChannelMap;
  }
  get queuesById(): ReadonlyMap<string, TaskQueue> {
    return this.queueMap;
  }
  get queueExpressions(): ReadonlyMap<string, CompiledExpression> {
    return this.queueExprs;
  }
  get workflowsById(): ReadonlyMap<string, Workflow> {
    return this.workflowMap;
  }
  get workflowConfigs(): ReadonlyMap<string, WorkflowConfig | null> {
    return this.configs;
  }
  get tasksById(): ReadonlyMap<string, Task> {
    return this.taskMap;
  }
  get reservationsById(): ReadonlyMap<string, Reservation> {
    return this.reservationMap;
  }
  get reservationsByTask(): ReadonlyMap<string, readonly string[]> {
    return this.reservationsOf;
  }
  get indexes(): RoutingReads {
    return this.ix;
  }

  entity<K extends EntityKind>(kind: K, sid: string): EntityByKind[K] | undefined {
    const list = ENTITY_KINDS[kind];
    const found =
      list === null ? (sid === this.workspace.sid ? this.workspace : undefined) : this.lists[list].get(sid);
    return found as EntityByKind[K] | undefined;
  }

  statistics(): RealTimeStatistics {
    return this.stats;
  }
  activities(): Iterable<Activity> {
    return this.activityMap.values();
  }
  activity(sid: string): Activity | undefined {
    return this.activityMap.get(sid);
  }
  taskChannels(): Iterable<TaskChannel> {
    return this.channelMap.values();
  }
  taskChannel(sidOrUniqueName: string): TaskChannel | undefined {
    return this.channelMap.get(sidOrUniqueName) ?? this.channelByName.get(sidOrUniqueName);
  }
  workers(): Iterable<Worker> {
    return this.workerMap.values();
  }
  worker(sid: string): Worker | undefined {
    return this.workerMap.get(sid);
  }
  workerChannels(workerSid: string): WorkerChannel[] {
    return [...(this.records.get(workerSid)?.channels.values() ?? [])];
  }
  workerChannel(workerSid: string, sidOrChannel: string): WorkerChannel | undefined {
    const byWc = this.workerChannelMap.get(sidOrChannel);
    if (byWc) return byWc.workerSid === workerSid ? byWc : undefined;
    const channel = this.taskChannel(sidOrChannel);
    return channel ? this.records.get(workerSid)?.channels.get(channel.sid) : undefined;
  }

  /** Active (pending/accepted/wrapping) reservations of a worker, optionally on one channel. */
  activeCount(workerSid: string, channelSid?: string, statuses?: ReadonlySet<ReservationStatus>): number {
    const active = this.records.get(workerSid)?.active;
    if (!active) return 0;
    let n = 0;
    for (const r of active) {
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
   * channel is enabled with free capacity: pending+accepted+wrapping < configured capacity and no
   * TasklaneChannelRules rule blocks the channel (multitasking, channel-rules.ts), or no active
   * reservation at all on any channel (single-tasking).
   */
  canTakeOn(workerSid: string, channelSid: string): boolean {
    const worker = this.workerMap.get(workerSid);
    if (!worker || !this.activityMap.get(worker.activitySid)?.available) return false;
    const wc = this.records.get(workerSid)?.channels.get(channelSid);
    if (!wc?.available || wc.configuredCapacity <= 0) return false;
    if (!this.multiTask) return this.activeCount(workerSid) === 0;
    return (
      this.activeCount(workerSid, channelSid) < wc.configuredCapacity &&
      blockingRule(this, workerSid, channelSid) === null
    );
  }

  taskQueues(): Iterable<TaskQueue> {
    return this.queueMap.values();
  }
  taskQueue(sid: string): TaskQueue | undefined {
    return this.queueMap.get(sid);
  }
  *queueMembers(queueSid: string): Iterable<Worker> {
    for (const sid of this.ix.membership.membersOf(queueSid)) {
      const w = this.workerMap.get(sid);
      if (w) yield w;
    }
  }
  *queuesOfWorker(workerSid: string): Iterable<TaskQueue> {
    for (const sid of this.ix.membership.queuesOf(workerSid)) {
      const q = this.queueMap.get(sid);
      if (q) yield q;
    }
  }
  workflows(): Iterable<Workflow> {
    return this.workflowMap.values();
  }
  workflow(sid: string): Workflow | undefined {
    return this.workflowMap.get(sid);
  }
  tasks(): Iterable<Task> {
    return this.taskMap.values();
  }
  task(sid: string): Task | undefined {
    return this.taskMap.get(sid);
  }
  reservation(sid: string): Reservation | undefined {
    return this.reservationMap.get(sid);
  }
  reservationsOfTask(taskSid: string): Reservation[] {
    return this.resolve(this.reservationsOf.get(taskSid));
  }
  reservationsOfWorker(workerSid: string): Reservation[] {
    return this.resolve(this.records.get(workerSid)?.reservations);
  }
  private resolve(sids: readonly string[] | undefined): Reservation[] {
    const out: Reservation[] = [];
    for (const sid of sids ?? []) {
      const r = this.reservationMap.get(sid);
      if (r) out.push(r);
    }
    return out;
  }

  /** Every entity, by kind: what the store saves (copied by the caller). */
  entities(): Omit<WorkspaceSnapshot, "workspace"> {
    const l = this.lists;
    const all = <L extends SnapshotList>(list: L): WorkspaceSnapshot[L][number][] => [...l[list].values()];
    return {
      activities: all("activities"),
      taskChannels: all("taskChannels"),
      workers: all("workers"),
      workerChannels: all("workerChannels"),
      taskQueues: all("taskQueues"),
      workflows: all("workflows"),
      tasks: all("tasks"),
      reservations: all("reservations"),
    };
  }

  get writeCount(): number {
    return this.writes;
  }
}

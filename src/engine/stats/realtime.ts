/**
 * Real-time statistics kept incrementally. After every command the engine hands over the entities
 * the command touched (Outcome.changed / deleted); each task's contribution (status, priority,
 * queue, workflow, channel) is taken out of its groups and put back, and each worker's activity is
 * recounted. A group is one scope (workspace, queue, workflow), optionally narrowed to one channel;
 * it holds counts by status and priority plus two lazy heaps for "longest waiting".
 * Queue worker figures come straight from the routing indexes (membership counts per activity and
 * the per-channel available sets), which are already incremental.
 */
import type { Activity, EntityRef, Task, Worker } from "../../domain/entities.ts";
import {
  OPEN_STATUSES,
  type OpenStatus,
  type QueueWorkerFigures,
  type RealTimeStatistics,
  type StatsScope,
  type TaskFigures,
} from "./figures.ts";
import { type HeapEntry, LazyHeap } from "./lazy-heap.ts";

/** The parts of the workspace state the statistics read (WorkspaceState satisfies it). */
export interface StatsSource {
  readonly tasksById: ReadonlyMap<string, Task>;
  readonly workersById: ReadonlyMap<string, Worker>;
  readonly activitiesById: ReadonlyMap<string, Activity>;
  readonly indexes: {
    membership: {
      membersOf(queueSid: string): ReadonlySet<string>;
      countsByActivity(queueSid: string): ReadonlyMap<string, number>;
    };
    /** Members of the queue that can take a reservation on the channel now. */
    availableCount(queueSid: string, channelSid: string): number;
  };
}

interface Contribution {
  status: OpenStatus;
  priority: number;
  channel: string;
  queue: string | null;
  workflow: string | null;
  createdAt: number;
  enteredAt: number | null;
  /**
   * The entries pushed into the groups' heaps for this task while it waits (one per heap kind,
   * shared by the groups); marked dead when the contribution is replaced or removed, so a heap
   * asks no map whether an entry is live.
   */
  entries: readonly HeapEntry[];
  /** The groups of groupKeys(this), resolved once per contribution shape (see groupsOf). */
  groups: readonly Group[];
}

class Group {
  constructor(readonly isQueue: boolean) {}
  readonly byStatus: Record<OpenStatus, number> = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  readonly byPriority = new Map<number, number>();
  total = 0;
  readonly byAge = new LazyHeap();
  readonly inQueue = new LazyHeap();
}

const NO_ENTRIES: readonly HeapEntry[] = [];

function kill(entries: readonly HeapEntry[]): void {
  for (const e of entries) e.dead = true;
}

const isOpen = (status: string): status is OpenStatus =>
  (OPEN_STATUSES as readonly string[]).includes(status);
const isWaiting = (c: Contribution) => c.status === "pending" || c.status === "reserved";

function groupKeys(channel: string, queue: string | null, workflow: string | null): string[] {
  const keys = ["ws", `ws|${channel}`];
  if (queue !== null) keys.push(`q:${queue}`, `q:${queue}|${channel}`);
  if (workflow !== null) keys.push(`wf:${workflow}`, `wf:${workflow}|${channel}`);
  return keys;
}

function scopeKey(scope: StatsScope, channelSid: string | undefined): string {
  const base =
    scope.kind === "workspace" ? "ws" : scope.kind === "queue" ? `q:${scope.sid}` : `wf:${scope.sid}`;
  return channelSid === undefined ? base : `${base}|${channelSid}`;
}

export class RealTimeStats implements RealTimeStatistics {
  private readonly contributions = new Map<string, Contribution>();
  private readonly groups = new Map<string, Group>();
  /** channel -> queue -> workflow -> its groups (groups are never removed: this stays valid). */
  private readonly shapes = new Map<string, Map<string | null, Map<string | null, readonly Group[]>>>();
  private readonly workerActivity = new Map<string, string>();
  private readonly activityCounts = new Map<string, number>();
  private readonly live = (entry: HeapEntry): boolean => !entry.dead;

  constructor(private readonly source: StatsSource) {}

  /** Bring the figures in line with the entities one command touched. */
  apply(changed: readonly EntityRef[], deleted: readonly EntityRef[]): void {
    for (const ref of changed) this.syncRef(ref);
    for (const ref of deleted) this.syncRef(ref);
  }

  /** Recount everything (after a restore). */
  rebuild(): void {
    for (const task of this.source.tasksById.values()) this.syncTask(task.sid);
    for (const worker of this.source.workersById.values()) this.syncWorker(worker.sid);
  }

  private syncRef(ref: EntityRef): void {
    if (ref.kind === "task") this.syncTask(ref.sid);
    else if (ref.kind === "worker") this.syncWorker(ref.sid);
  }

  private syncWorker(sid: string): void {
    const before = this.workerActivity.get(sid);
    const after = this.source.workersById.get(sid)?.activitySid;
    if (before === after) return;
    if (before !== undefined) this.bumpActivity(before, -1);
    if (after === undefined) this.workerActivity.delete(sid);
    else {
      this.workerActivity.set(sid, after);
      this.bumpActivity(after, 1);
    }
  }

  private bumpActivity(activitySid: string, delta: number): void {
    const n = (this.activityCounts.get(activitySid) ?? 0) + delta;
    if (n === 0) this.activityCounts.delete(activitySid);
    else this.activityCounts.set(activitySid, n);
  }

  private syncTask(sid: string): void {
    const task = this.source.tasksById.get(sid);
    const old = this.contributions.get(sid);
    if (!task || !isOpen(task.assignmentStatus)) {
      if (old) {
        this.count(old, -1);
        kill(old.entries);
        this.contributions.delete(sid);
      }
      return;
    }
    // Built field by field (no intermediate object): this runs for every task a command touches.
    const status = task.assignmentStatus;
    const enteredAt = task.taskQueueSid === null ? null : task.taskQueueEnteredDate;
    const reuse =
      old !== undefined &&
      old.channel === task.taskChannelSid &&
      old.queue === task.taskQueueSid &&
      old.workflow === task.workflowSid &&
      old.createdAt === task.dateCreated &&
      old.enteredAt === enteredAt &&
      isWaiting(old) === (status === "pending" || status === "reserved");
    if (reuse && old.status === status && old.priority === task.priority) return;
    if (old) {
      this.count(old, -1);
      if (!reuse) kill(old.entries);
    }
    const waiting = status === "pending" || status === "reserved";
    const fresh = !reuse && waiting;
    // One entry object per heap kind, shared by the groups (only this class marks it dead).
    const byAge: HeapEntry | null = fresh ? { key: task.dateCreated, id: sid, dead: false } : null;
    const inQueue: HeapEntry | null =
      fresh && enteredAt !== null ? { key: enteredAt, id: sid, dead: false } : null;
    const c: Contribution = {
      status,
      priority: task.priority,
      channel: task.taskChannelSid,
      queue: task.taskQueueSid,
      workflow: task.workflowSid,
      createdAt: task.dateCreated,
      enteredAt,
      entries: reuse
        ? old.entries
        : byAge === null
          ? NO_ENTRIES
          : inQueue === null
            ? [byAge]
            : [byAge, inQueue],
      groups: reuse ? old.groups : this.groupsOf(task.taskChannelSid, task.taskQueueSid, task.workflowSid),
    };
    this.contributions.set(sid, c);
    this.count(c, 1);
    if (byAge === null) return;
    for (const group of c.groups) {
      group.byAge.push(byAge);
      group.byAge.compact(group.byStatus.pending + group.byStatus.reserved, this.live);
      if (group.isQueue && inQueue !== null) {
        group.inQueue.push(inQueue);
        group.inQueue.compact(group.byStatus.pending + group.byStatus.reserved, this.live);
      }
    }
  }

  /** The groups a contribution counts in, cached per (channel, queue, workflow). */
  private groupsOf(channel: string, queue: string | null, workflow: string | null): readonly Group[] {
    let byQueue = this.shapes.get(channel);
    if (!byQueue) {
      byQueue = new Map();
      this.shapes.set(channel, byQueue);
    }
    let byWorkflow = byQueue.get(queue);
    if (!byWorkflow) {
      byWorkflow = new Map();
      byQueue.set(queue, byWorkflow);
    }
    let groups = byWorkflow.get(workflow);
    if (!groups) {
      groups = groupKeys(channel, queue, workflow).map((key) => {
        let group = this.groups.get(key);
        if (!group) {
          group = new Group(key.startsWith("q:"));
          this.groups.set(key, group);
        }
        return group;
      });
      byWorkflow.set(workflow, groups);
    }
    return groups;
  }

  private count(c: Contribution, delta: number): void {
    for (const group of c.groups) {
      group.total += delta;
      group.byStatus[c.status] += delta;
      const n = (group.byPriority.get(c.priority) ?? 0) + delta;
      if (n === 0) group.byPriority.delete(c.priority);
      else group.byPriority.set(c.priority, n);
    }
  }

  tasks(scope: StatsScope, channelSid?: string): TaskFigures {
    const group = this.groups.get(scopeKey(scope, channelSid));
    if (!group) {
      return {
        total: 0,
        byStatus: { pending: 0, reserved: 0, assigned: 0, wrapping: 0 },
        byPriority: [],
        longestWaiting: null,
        longestInQueue: null,
      };
    }
    const oldest = group.byAge.peek(this.live);
    const first = scope.kind === "queue" ? group.inQueue.peek(this.live) : undefined;
    return {
      total: group.total,
      byStatus: { ...group.byStatus },
      byPriority: [...group.byPriority].sort((a, b) => a[0] - b[0]),
      longestWaiting: oldest ? { sid: oldest.id, since: oldest.key } : null,
      longestInQueue: first ? { sid: first.id, since: first.key } : null,
    };
  }

  workersByActivity(): ReadonlyMap<string, number> {
    return this.activityCounts;
  }

  totalWorkers(): number {
    return this.source.workersById.size;
  }

  queueWorkers(queueSid: string, channelSid?: string): QueueWorkerFigures {
    const indexes = this.source.indexes;
    const byActivity = indexes.membership.countsByActivity(queueSid);
    let available = 0;
    if (channelSid !== undefined) available = indexes.availableCount(queueSid, channelSid);
    else {
      for (const [activitySid, n] of byActivity)
        if (this.source.activitiesById.get(activitySid)?.available) available += n;
    }
    return { eligible: indexes.membership.membersOf(queueSid).size, available, byActivity };
  }
}

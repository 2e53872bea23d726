/**
 * Keeping the routing indexes in step with the entities. Only WorkspaceState calls the four sync
 * functions, from its entity operations (workspace-state.ts), so no handler or machine can forget
 * one; routing and diagnostics use the read helpers at the bottom.
 *
 * - bindWorker: a worker was created or its attributes changed -> re-evaluate its membership, but
 *   only in the queues the requirement index (state/queue-requirements.ts) names as candidates,
 *   and leave only the queues it was in (cost: candidate queues, not all queues).
 * - bindQueue: a queue was created or its TargetWorkers changed -> re-evaluate every worker; the
 *   queue's available lists are dropped and rebuilt from its members on next use.
 * - refreshWorker: activity, capacity, channel or reservations of a worker changed -> update its
 *   slot in the available index (state/available-index.ts): O(channels) flag updates; lists are
 *   touched only when a channel becomes (un)fileable or the idle key goes back.
 * - syncTask: a task's status, queue, priority, reservations or hold changed -> (un)file it in the
 *   waiting set of its queue and channel, or in the direct list of its target worker. A held task
 *   (routing/hold.ts) is filed nowhere, so freed workers never look at it.
 */
import type {
  Activity,
  JsonObject,
  Reservation,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  Workspace,
} from "../../domain/entities.ts";
import { type CompiledExpression, valuesEqual } from "../../expression/index.ts";
import { blockingRule } from "./channel-rules.ts";
import { overdueDueAt, wrapUpDueAt } from "./chore-timers.ts";
import { readPath } from "./queue-requirements.ts";
import type { RoutingIndexes } from "./routing-indexes.ts";
import type { SortKey } from "./sorted-set.ts";
import type { WorkerRecord } from "./worker-record.ts";

/** What the sync functions read of the workspace (WorkspaceState satisfies it). */
export interface IndexedEntities {
  readonly workspace: Workspace;
  readonly multiTask: boolean;
  readonly metrics: { membershipEvaluations: number };
  readonly queueExpressions: ReadonlyMap<string, CompiledExpression>;
  readonly activitiesById: ReadonlyMap<string, Activity>;
  readonly channelsById: ReadonlyMap<string, TaskChannel>;
  readonly workersById: ReadonlyMap<string, Worker>;
  readonly queuesById: ReadonlyMap<string, TaskQueue>;
  readonly tasksById: ReadonlyMap<string, Task>;
  readonly reservationsById: ReadonlyMap<string, Reservation>;
  readonly reservationsByTask: ReadonlyMap<string, readonly string[]>;
  activeCount(workerSid: string, channelSid?: string): number;
  taskChannel(sidOrUniqueName: string): TaskChannel | undefined;
}

type WorkspaceState = IndexedEntities;

/** Cheap necessary conditions first (requirements), then the full predicate. */
export function matchesTargetWorkers(
  s: WorkspaceState,
  expr: CompiledExpression,
  attrs: JsonObject,
): boolean {
  if (expr.alwaysTrue) return true;
  for (const req of expr.requirements) {
    const v = readPath(attrs, req.path);
    if (req.op === "==") {
      if (v === undefined || !valuesEqual(v, req.value)) return false;
    } else if (!Array.isArray(v) || !v.some((e) => valuesEqual(e, req.value))) return false;
  }
  s.metrics.membershipEvaluations++;
  return expr.matches(attrs);
}

export function bindWorker(s: WorkspaceState, ix: RoutingIndexes, rec: WorkerRecord): void {
  const worker = rec.worker;
  const m = ix.membership;
  const avail = ix.available;
  const slot = rec.slot;
  const before = m.queuesOf(worker.sid);
  const matched = before.size > 0 ? new Set<string>() : null;
  // Only queues whose required clauses the attributes satisfy (or without any) can match.
  for (const queueSid of ix.queueRequirements.candidates(worker.attrs)) {
    const expr = s.queueExpressions.get(queueSid);
    if (!expr || !matchesTargetWorkers(s, expr, worker.attrs)) continue;
    matched?.add(queueSid);
    if (m.add(queueSid, worker.sid, worker.activitySid)) avail.joinQueue(slot, queueSid);
  }
  let left = false;
  if (matched) {
    for (const queueSid of [...before]) {
      if (matched.has(queueSid)) continue;
      m.remove(queueSid, worker.sid, worker.activitySid);
      left = true;
    }
  }
  if (left) avail.refileAll(slot, m.queuesOf(worker.sid));
  refreshWorker(s, ix, rec);
}

export function bindQueue(s: WorkspaceState, ix: RoutingIndexes, queue: TaskQueue): void {
  const expr = s.queueExpressions.get(queue.sid);
  if (!expr) return;
  const m = ix.membership;
  // The queue's available lists are rebuilt from its new members on next use.
  ix.available.dropQueue(queue.sid);
  for (const worker of s.workersById.values()) {
    if (matchesTargetWorkers(s, expr, worker.attrs)) m.add(queue.sid, worker.sid, worker.activitySid);
    else m.remove(queue.sid, worker.sid, worker.activitySid);
  }
}

/**
 * Bring the worker's available-set entries in line with its idle key, activity, channels and
 * reservations (see available-index.ts). A no-op update costs one check per channel.
 */
export function refreshWorker(s: WorkspaceState, ix: RoutingIndexes, rec: WorkerRecord): void {
  const worker = rec.worker;
  const workerSid = worker.sid;
  const avail = ix.available;
  const slot = rec.slot;
  // The worker's queues are looked up by the index only when a list must be touched.
  avail.setKey(slot, worker.lastAssignedAt, worker.dateStatusChanged);
  const activityAvailable = s.activitiesById.get(worker.activitySid)?.available === true;
  const channels = rec.channels;
  // Single-tasking: any active reservation, on any channel, takes the worker off every channel.
  const idle = s.multiTask || rec.active.length === 0;
  for (const channelSid of s.channelsById.keys()) {
    const wc = channels.get(channelSid);
    const fileable = activityAvailable && wc?.available === true && wc.configuredCapacity > 0;
    // Same rule as WorkspaceState.canTakeOn, without looking the worker up again per channel.
    const takeable =
      fileable &&
      (s.multiTask
        ? activeOn(rec, channelSid) < wc.configuredCapacity && blockingRule(s, workerSid, channelSid) === null
        : idle);
    avail.setChannel(slot, channelSid, fileable, takeable);
  }
}

/**
 * refreshWorker for a change of the worker's reservations on one channel (a reservation made or
 * ended) with its idle key: in a multitasking workspace without channel rules only that channel's
 * takeable flag can change (activity, channel settings and the other channels' counts did not), so
 * only it is looked at. Otherwise (single-tasking, channel rules) the whole worker is refreshed.
 */
export function refreshWorkerChannel(
  s: WorkspaceState,
  ix: RoutingIndexes,
  rec: WorkerRecord,
  channelSid: string,
): void {
  const rules = s.workspace.channelRules;
  if (!s.multiTask || (rules && rules.length > 0)) {
    refreshWorker(s, ix, rec);
    return;
  }
  const worker = rec.worker;
  const avail = ix.available;
  const slot = rec.slot;
  avail.setKey(slot, worker.lastAssignedAt, worker.dateStatusChanged);
  if (!s.channelsById.has(channelSid)) return;
  const wc = rec.channels.get(channelSid);
  const fileable =
    s.activitiesById.get(worker.activitySid)?.available === true &&
    wc?.available === true &&
    wc.configuredCapacity > 0;
  const takeable = fileable && activeOn(rec, channelSid) < wc.configuredCapacity;
  avail.setChannel(slot, channelSid, fileable, takeable);
}

/** The worker's active (capacity-holding) reservations on the channel (its record holds them). */
function activeOn(rec: WorkerRecord, channelSid: string): number {
  let n = 0;
  for (const r of rec.active) if (r.taskChannelSid === channelSid) n++;
  return n;
}

/** Queue order: FIFO = priority desc then virtual start time asc; LIFO = newest first. */
export function queueOrderKey(queue: TaskQueue, task: Task): SortKey {
  return queue.taskOrder === "LIFO"
    ? [-task.virtualStartTime, -task.dateCreated]
    : [-task.priority, task.virtualStartTime, task.dateCreated];
}

/**
 * The task's pending reservations, as MaxReservedWorkers counts them. One on hold while its call is
 * set up (engine/reservations/call-setup.ts) answers for the task: it counts as every slot taken.
 */
export function pendingReservations(s: WorkspaceState, taskSid: string): number {
  const sids = s.reservationsByTask.get(taskSid);
  if (sids === undefined) return 0; // most tasks (every one a restore files): no array made
  let n = 0;
  for (const sid of sids) {
    const r = s.reservationsById.get(sid);
    if (r?.reservationStatus !== "pending") continue;
    if (r.onHold === true) return Number.POSITIVE_INFINITY;
    n++;
  }
  return n;
}

/** The worker SID a task is routed to directly (RoutingTarget WK…), if any. */
export function directWorkerOf(task: Task): string | null {
  return task.routingTarget?.startsWith("WK") ? task.routingTarget : null;
}

/** Arm (or disarm) the task's timers from its data: TTL, step deadline, removal, chores. */
function armTaskTimers(s: WorkspaceState, ix: RoutingIndexes, task: Task, alive: boolean): void {
  const open = alive && (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved");
  const deadline = task.routing?.stepDeadline ?? null;
  ix.timers.armTask(task.sid, {
    ttl: open ? task.dateCreated + task.timeout * 1000 : null,
    step:
      alive && task.assignmentStatus === "pending" && deadline !== null ? task.dateCreated + deadline : null,
    delete: alive ? task.deleteAt : null,
    wrapup: alive ? wrapUpDueAt(s, task) : null,
    overdue: alive ? overdueDueAt(s, task) : null,
  });
}

export function syncTask(s: WorkspaceState, ix: RoutingIndexes, task: Task): void {
  const alive = s.tasksById.has(task.sid);
  armTaskTimers(s, ix, task, alive);
  const open = task.assignmentStatus === "pending" || task.assignmentStatus === "reserved";
  const directWorker = directWorkerOf(task);
  if (directWorker) {
    ix.setDirect(
      directWorker,
      task.sid,
      task.assignmentStatus === "pending" && alive && !ix.holds.has(task.sid),
    );
    return;
  }
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  const wanted =
    open &&
    queue !== undefined &&
    task.routing !== null &&
    alive &&
    !ix.holds.has(task.sid) &&
    pendingReservations(s, task.sid) < queue.maxReservedWorkers;
  if (wanted && queue && filedAt(ix, task, queue)) return;
  ix.setWaiting(
    task.sid,
    wanted && queue
      ? { queueSid: queue.sid, channelSid: task.taskChannelSid, key: queueOrderKey(queue, task) }
      : null,
  );
}

/** Already filed under (queue, channel) with its current order key? Checked without allocating. */
function filedAt(ix: RoutingIndexes, task: Task, queue: TaskQueue): boolean {
  const at = ix.waitingAt.get(task.sid);
  if (at === undefined || at.queueSid !== queue.sid || at.channelSid !== task.taskChannelSid) return false;
  const key = ix.waitingSet(queue.sid, task.taskChannelSid)?.keyOf(task.sid);
  if (key === undefined) return false;
  return queue.taskOrder === "LIFO"
    ? key.length === 2 && key[0] === -task.virtualStartTime && key[1] === -task.dateCreated
    : key.length === 3 &&
        key[0] === -task.priority &&
        key[1] === task.virtualStartTime &&
        key[2] === task.dateCreated;
}

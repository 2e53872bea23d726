/**
 * Keeping the routing indexes in step with the entities. Every mutation that can change who may
 * take what calls one of these:
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
import type { JsonObject, Task, TaskQueue, Worker } from "../../domain/entities.ts";
import { type CompiledExpression, valuesEqual } from "../../expression/index.ts";
import { readPath } from "../state/queue-requirements.ts";
import type { SortKey } from "../state/sorted-set.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";

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

export function bindWorker(s: WorkspaceState, worker: Worker): void {
  const m = s.indexes.membership;
  const avail = s.indexes.available;
  const slot = avail.slot(worker.sid);
  const before = m.queuesOf(worker.sid);
  const matched = before.size > 0 ? new Set<string>() : null;
  // Only queues whose required clauses the attributes satisfy (or without any) can match.
  for (const queueSid of s.indexes.queueRequirements.candidates(worker.attrs)) {
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
  refreshWorker(s, worker.sid);
}

export function bindQueue(s: WorkspaceState, queue: TaskQueue): void {
  const expr = s.queueExpressions.get(queue.sid);
  if (!expr) return;
  const m = s.indexes.membership;
  // The queue's available lists are rebuilt from its new members on next use.
  s.indexes.available.dropQueue(queue.sid);
  for (const worker of s.workersById.values()) {
    if (matchesTargetWorkers(s, expr, worker.attrs)) m.add(queue.sid, worker.sid, worker.activitySid);
    else m.remove(queue.sid, worker.sid, worker.activitySid);
  }
}

/**
 * Bring the worker's available-set entries in line with its idle key, activity, channels and
 * reservations (see available-index.ts). A no-op update costs one check per channel.
 */
export function refreshWorker(s: WorkspaceState, workerSid: string): void {
  const worker = s.workersById.get(workerSid);
  if (!worker) return;
  const avail = s.indexes.available;
  const slot = avail.slot(workerSid);
  const queues = s.indexes.membership.queuesOf(workerSid);
  avail.setKey(slot, worker.lastAssignedAt, worker.dateStatusChanged, queues);
  const activityAvailable = s.activitiesById.get(worker.activitySid)?.available === true;
  const channels = s.channelsOfWorker.get(workerSid);
  // Single-tasking: any active reservation, on any channel, takes the worker off every channel.
  const idle = s.multiTask || s.activeCount(workerSid) === 0;
  for (const channelSid of s.channelsById.keys()) {
    const wc = channels?.get(channelSid);
    const fileable = activityAvailable && wc?.available === true && wc.configuredCapacity > 0;
    // Same rule as WorkspaceState.canTakeOn, without looking the worker up again per channel.
    const takeable =
      fileable && (s.multiTask ? s.activeCount(workerSid, channelSid) < wc.configuredCapacity : idle);
    avail.setChannel(slot, channelSid, fileable, takeable, queues);
  }
}

/** Queue order: FIFO = priority desc then virtual start time asc; LIFO = newest first. */
export function queueOrderKey(queue: TaskQueue, task: Task): SortKey {
  return queue.taskOrder === "LIFO"
    ? [-task.virtualStartTime, -task.dateCreated]
    : [-task.priority, task.virtualStartTime, task.dateCreated];
}

export function pendingReservations(s: WorkspaceState, taskSid: string): number {
  let n = 0;
  for (const sid of s.reservationsByTask.get(taskSid) ?? []) {
    if (s.reservationsById.get(sid)?.reservationStatus === "pending") n++;
  }
  return n;
}

/** The worker SID a task is routed to directly (RoutingTarget WK…), if any. */
export function directWorkerOf(task: Task): string | null {
  return task.routingTarget?.startsWith("WK") ? task.routingTarget : null;
}

/** Arm (or disarm) the task's timers from its data: TTL, step deadline, removal. */
function armTaskTimers(s: WorkspaceState, task: Task): void {
  const timers = s.indexes.timers;
  const alive = s.tasksById.has(task.sid);
  const open = alive && (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved");
  timers.arm("ttl", task.sid, open ? task.dateCreated + task.timeout * 1000 : null);
  const deadline = task.routing?.stepDeadline ?? null;
  timers.arm(
    "step",
    task.sid,
    alive && task.assignmentStatus === "pending" && deadline !== null ? task.dateCreated + deadline : null,
  );
  timers.arm("delete", task.sid, alive ? task.deleteAt : null);
}

export function syncTask(s: WorkspaceState, task: Task): void {
  armTaskTimers(s, task);
  const open = task.assignmentStatus === "pending" || task.assignmentStatus === "reserved";
  const directWorker = directWorkerOf(task);
  if (directWorker) {
    s.indexes.setDirect(
      directWorker,
      task.sid,
      task.assignmentStatus === "pending" && s.tasksById.has(task.sid) && !s.indexes.holds.has(task.sid),
    );
    return;
  }
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  const wanted =
    open &&
    queue !== undefined &&
    task.routing !== null &&
    s.tasksById.has(task.sid) &&
    !s.indexes.holds.has(task.sid) &&
    pendingReservations(s, task.sid) < queue.maxReservedWorkers;
  s.indexes.setWaiting(
    task.sid,
    wanted && queue
      ? { queueSid: queue.sid, channelSid: task.taskChannelSid, key: queueOrderKey(queue, task) }
      : null,
  );
}

/**
 * Matching tasks and workers, from both sides, looking only at what the indexes say can match:
 *
 * - reserveForTask: a task arrived in (or is re-tried at) a step -> scan the available members of
 *   the step's queue on the task's channel, longest idle first (or sorted by `order_by`, ties by
 *   idle time), and create up to MaxReservedWorkers - pending reservations.
 * - offerWorker: a worker may have free capacity -> first the tasks routed directly to it, then the
 *   heads of the waiting lists of its own queues on the channels it can take; the best task wins
 *   (queues of the workspace's prioritizeQueueOrder type first, then queue order). Repeats while
 *   the worker still has capacity.
 * - drainQueue: a queue gained members or capacity -> offer its waiting tasks in queue order.
 */
import type { Task, TaskQueue, Worker } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { openReservation } from "../machines/offer.ts";
import { pendingReservations } from "../state/index-sync.ts";
import { compareKeys, type SortKey } from "../state/sorted-set.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import type { TargetConfig } from "../workflow/config.ts";
import { currentTarget, isEligible, knownWorkerSid, workerView } from "./eligibility.ts";

/** Safety bound for the per-worker offer loop (each round creates one reservation). */
const MAX_OFFERS_PER_WORKER = 1000;

export function reserveForTask(ctx: Ctx, task: Task): number {
  const s = ctx.s;
  if (task.assignmentStatus !== "pending" && task.assignmentStatus !== "reserved") return 0;
  if (s.indexes.holds.has(task.sid)) return 0;
  const target = currentTarget(s, task);
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  if (!target || !queue) return 0;
  const limit = queue.maxReservedWorkers - pendingReservations(s, task.sid);
  if (limit <= 0) return 0;
  const picked = eligibleWorkers(s, task, target, queue.sid, ctx.now, limit).slice(0, limit);
  for (const worker of picked) openReservation(ctx, task, worker, queue);
  return picked.length;
}

/**
 * The eligible workers of `queueSid` for the task at `target`, in the order reservations go out:
 * longest idle first, or by `order_by` (ties keep the idle order). Without order_by the scan stops
 * after `stopAfter` workers. Reads only; diagnostics call it with stopAfter = Infinity to count.
 */
export function eligibleWorkers(
  s: WorkspaceState,
  task: Task,
  target: TargetConfig,
  queueSid: string,
  now: number,
  stopAfter: number,
): Worker[] {
  const available = s.indexes.availableSet(queueSid, task.taskChannelSid);
  const known = knownWorkerSid(s, task, target);
  if (known === null) return [];
  const chosen: Worker[] = [];
  // The available list's slot hands over the worker (no lookup in the workspace-sized map).
  const consider = (sid: string, fromSlot?: Worker): boolean => {
    const worker = fromSlot ?? s.workersById.get(sid);
    if (!worker || !isEligible(s, task, target, worker, now)) return true;
    chosen.push(worker);
    return target.orderBy !== null || chosen.length < stopAfter;
  };
  if (known === undefined) available.scan(consider);
  else if (
    s.indexes.membership.isMember(queueSid, known) &&
    s.indexes.available.takeable(known, task.taskChannelSid)
  )
    consider(known);
  if (target.orderBy) {
    const orderBy = target.orderBy;
    const views = new Map(chosen.map((w) => [w.sid, { worker: workerView(s, w) }]));
    // Array.prototype.sort is stable: full ties keep the longest-idle order of the scan.
    chosen.sort((a, b) => orderBy.compare(views.get(a.sid) ?? {}, views.get(b.sid) ?? {}));
  }
  return chosen;
}

function eligibleHere(ctx: Ctx, task: Task, queue: TaskQueue, worker: Worker): boolean {
  const s = ctx.s;
  if (task.assignmentStatus !== "pending" && task.assignmentStatus !== "reserved") return false;
  if (pendingReservations(s, task.sid) >= queue.maxReservedWorkers) return false;
  const target = currentTarget(s, task);
  return target !== null && isEligible(s, task, target, worker, ctx.now);
}

interface Offer {
  task: Task;
  queue: TaskQueue | null;
  key: SortKey;
}

/** The best task this worker can take now from its queues, or from its direct list. */
function bestOffer(ctx: Ctx, worker: Worker): Offer | null {
  const s = ctx.s;
  for (const taskSid of s.indexes.direct.get(worker.sid) ?? []) {
    const task = s.tasksById.get(taskSid);
    if (task?.assignmentStatus !== "pending") continue;
    if (task.ignoreCapacity || s.canTakeOn(worker.sid, task.taskChannelSid))
      return { task, queue: null, key: [] };
  }
  const order = s.workspace.prioritizeQueueOrder;
  for (const type of order === "LIFO" ? (["LIFO", "FIFO"] as const) : (["FIFO", "LIFO"] as const)) {
    let best: Offer | null = null;
    for (const queueSid of s.indexes.membership.queuesOf(worker.sid)) {
      const queue = s.queuesById.get(queueSid);
      if (!queue || queue.taskOrder !== type) continue;
      for (const [channelSid, waiting] of s.indexes.waiting.get(queueSid) ?? []) {
        if (waiting.size === 0 || !s.indexes.available.takeable(worker.sid, channelSid)) continue;
        for (const taskSid of waiting.ids()) {
          const key = waiting.keyOf(taskSid) ?? [];
          if (best && compareKeys(key, best.key) >= 0) break;
          const task = s.tasksById.get(taskSid);
          if (task && eligibleHere(ctx, task, queue, worker)) {
            best = { task, queue, key };
            break;
          }
        }
      }
    }
    if (best) return best;
  }
  return null;
}

export function offerWorker(ctx: Ctx, workerSid: string): void {
  for (let round = 0; round < MAX_OFFERS_PER_WORKER; round++) {
    const worker = ctx.s.workersById.get(workerSid);
    if (!worker) return;
    const offer = bestOffer(ctx, worker);
    if (!offer) return;
    openReservation(ctx, offer.task, worker, offer.queue);
  }
}

export function drainQueue(ctx: Ctx, queueSid: string): void {
  const s = ctx.s;
  for (const [channelSid, waiting] of s.indexes.waiting.get(queueSid) ?? []) {
    for (const taskSid of waiting.toArray()) {
      if (!s.indexes.availableSet(queueSid, channelSid).hasLive()) break;
      const task = s.tasksById.get(taskSid);
      if (task) reserveForTask(ctx, task);
    }
  }
}

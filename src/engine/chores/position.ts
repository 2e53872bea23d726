/**
 * A task's place in its queue (GET /tasklane/v1/…/Tasks/{WT}/Position) and the wait estimate from
 * the queue's recent history. Read-only.
 *
 * Position: among the `pending` tasks of the same queue and TaskChannel, in the queue's own order
 * (state/index-sync.ts queueOrderKey: FIFO = priority desc, then VirtualStartTime; LIFO = newest
 * first; the SID breaks ties as in the waiting set). 1 = next. A `reserved` task is being offered:
 * position 0. A task in no queue, or routed straight to a worker, has none. Cost: one pass over the
 * workspace's tasks.
 *
 * Estimate: `accepted` tasks left this queue (on this channel) accepted in the last `windowSeconds`,
 * one per windowSeconds / accepted seconds; the task needs the tasks ahead of it plus itself to
 * go: (tasksAhead + 1) × that. No acceptance in the window: no estimate.
 */
import type { Task, TaskStatus } from "../../domain/entities.ts";
import { directWorkerOf, queueOrderKey } from "../state/index-sync.ts";
import { compareKeys } from "../state/sorted-set.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";

export interface QueuePosition {
  taskSid: string;
  assignmentStatus: TaskStatus;
  taskQueueSid: string | null;
  taskQueueName: string | null;
  taskChannelUniqueName: string;
  position: number | null;
  tasksAhead: number | null;
  tasksWaiting: number | null;
  secondsInQueue: number | null;
}

/** Recent history of the queue on the task's channel (cumulative statistics). */
export interface QueueHistory {
  windowSeconds: number;
  /** Tasks accepted from the queue in the window, and their summed seconds in the queue. */
  accepted: number;
  waitSeconds: number;
}

export interface WaitEstimate {
  estimatedWaitSeconds: number | null;
  secondsPerAcceptance: number | null;
  averageWaitSeconds: number | null;
}

function ahead(a: Task, aKey: readonly (number | string)[], b: Task, bKey: readonly (number | string)[]) {
  const c = compareKeys(aKey, bKey);
  return c < 0 || (c === 0 && a.sid < b.sid);
}

export function queuePositionOf(s: WorkspaceState, task: Task, now: number): QueuePosition {
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  const base: QueuePosition = {
    taskSid: task.sid,
    assignmentStatus: task.assignmentStatus,
    taskQueueSid: task.taskQueueSid,
    taskQueueName: queue?.friendlyName ?? null,
    taskChannelUniqueName: task.taskChannelUniqueName,
    position: null,
    tasksAhead: null,
    tasksWaiting: null,
    secondsInQueue: null,
  };
  const open = task.assignmentStatus === "pending" || task.assignmentStatus === "reserved";
  if (!queue || !open || directWorkerOf(task)) return base;
  const key = queueOrderKey(queue, task);
  let waiting = 0;
  let before = 0;
  for (const other of s.tasksById.values()) {
    if (other.taskQueueSid !== queue.sid || other.taskChannelSid !== task.taskChannelSid) continue;
    if (other.assignmentStatus !== "pending" || directWorkerOf(other)) continue;
    waiting++;
    if (other.sid !== task.sid && ahead(other, queueOrderKey(queue, other), task, key)) before++;
  }
  const reserved = task.assignmentStatus === "reserved";
  const entered = task.taskQueueEnteredDate;
  return {
    ...base,
    position: reserved ? 0 : before + 1,
    tasksAhead: reserved ? 0 : before,
    tasksWaiting: waiting,
    secondsInQueue: entered === null ? null : Math.max(0, Math.floor((now - entered) / 1000)),
  };
}

export function estimateWait(position: QueuePosition, history: QueueHistory): WaitEstimate {
  const averageWaitSeconds = history.accepted > 0 ? Math.round(history.waitSeconds / history.accepted) : null;
  const secondsPerAcceptance =
    history.accepted > 0 ? Math.round(history.windowSeconds / history.accepted) : null;
  let estimatedWaitSeconds: number | null = null;
  if (position.position === 0) estimatedWaitSeconds = 0;
  else if (position.tasksAhead !== null && history.accepted > 0)
    estimatedWaitSeconds = Math.round(((position.tasksAhead + 1) * history.windowSeconds) / history.accepted);
  return { estimatedWaitSeconds, secondsPerAcceptance, averageWaitSeconds };
}

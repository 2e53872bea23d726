/**
 * The worker-side answers to a pending reservation and what they do to the task (see the state
 * machine in reservation-state.ts):
 *   accept  -> task assigned; the task's other pending reservations are rescinded.
 *   reject  -> worker optionally moves activity; task back to pending and re-routed when no other
 *              reservation is pending.
 *   timeout -> worker moves to the workspace timeout activity; task back to pending, re-routed;
 *              its step timers kept running on task age meanwhile.
 */
import type { Reservation, Task } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { syncTask } from "../routing/indexing.ts";
import { setWorkerActivity } from "../workers/activity.ts";
import { setReservationStatus } from "./reservation-state.ts";
import { afterReservationEnded, emitReservation } from "./task-transitions.ts";

export function acceptReservation(ctx: Ctx, res: Reservation, task: Task): void {
  const s = ctx.s;
  setReservationStatus(ctx, res, "accepted");
  task.assignmentStatus = "assigned";
  task.deleteAt = ctx.now + ctx.deps.config.assignedTaskLifetimeMs;
  ctx.touch("task", task);
  const worker = s.workersById.get(res.workerSid);
  if (worker) {
    worker.lastAssignedAt = ctx.now;
    ctx.touch("worker", worker);
  }
  emitReservation(ctx, "reservation.accepted", res, `Reservation ${res.sid} accepted`);
  for (const other of s.reservationsOfTask(task.sid)) {
    if (other.sid === res.sid || other.reservationStatus !== "pending") continue;
    setReservationStatus(ctx, other, "rescinded");
    emitReservation(ctx, "reservation.rescinded", other, `Reservation ${other.sid} rescinded`);
    ctx.enqueue({ kind: "worker", sid: other.workerSid });
  }
  const queue = res.taskQueueSid ? s.queuesById.get(res.taskQueueSid) : undefined;
  if (worker && !s.multiTask && queue?.assignmentActivitySid)
    setWorkerActivity(ctx, worker, queue.assignmentActivitySid);
  syncTask(s, task);
}

/** `activitySid`: where the worker goes; null keeps the current activity. */
export function rejectReservation(ctx: Ctx, res: Reservation, task: Task, activitySid: string | null): void {
  const s = ctx.s;
  setReservationStatus(ctx, res, "rejected");
  emitReservation(ctx, "reservation.rejected", res, `Reservation ${res.sid} rejected`);
  const worker = s.workersById.get(res.workerSid);
  // Single-tasking moved the worker to the queue's reservation activity: without an explicit
  // activity it returns to the one it had before the reservation.
  const target = activitySid ?? (s.multiTask ? null : res.workerPreviousActivitySid);
  if (worker && target && s.activitiesById.has(target)) setWorkerActivity(ctx, worker, target);
  afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

export function timeoutReservation(ctx: Ctx, res: Reservation, task: Task): void {
  const s = ctx.s;
  setReservationStatus(ctx, res, "timeout");
  emitReservation(ctx, "reservation.timeout", res, `Reservation ${res.sid} timed out`);
  const worker = s.workersById.get(res.workerSid);
  if (worker) setWorkerActivity(ctx, worker, s.workspace.timeoutActivitySid);
  afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

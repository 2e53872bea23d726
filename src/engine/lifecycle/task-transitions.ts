/**
 * Task state machine:
 *
 *   (create) -> pending --reservation created--> reserved --accepted--> assigned --> wrapping --> completed
 *                  ^                                |                      |____________________^
 *                  |__ all reservations ended ______|   (rejected / timeout / rescinded / canceled)
 *   pending|reserved --API cancel, TTL, workflow timeout/skip, 1,000 assignments--> canceled
 *
 * canceled and completed are terminal: the task is removed `terminalTaskRetentionMs` later (no
 * event). An assigned or wrapping task is system-deleted `assignedTaskLifetimeMs` after it was
 * assigned (`task.system-deleted`). Both removals use Task.deleteAt as their timer.
 * Only `pending` tasks are offered to workers; a `reserved` task with fewer pending reservations
 * than its queue's MaxReservedWorkers is still offered (multi-reservation).
 */
import type { Reservation, Task } from "../../domain/entities.ts";
import type { EventType } from "../../domain/event-types.ts";
import type { Ctx } from "../context.ts";
import { reservationFields, taskFields } from "../events/fields.ts";
import { pendingReservations, refreshWorker, syncTask } from "../routing/indexing.ts";
import { setWorkerActivity } from "../workers/activity.ts";
import { setReservationStatus } from "./reservation-state.ts";

export const MAX_ASSIGNMENT_COUNT = 1000;

function reservationsIn(ctx: Ctx, task: Task, statuses: readonly string[]): Reservation[] {
  return ctx.s.reservationsOfTask(task.sid).filter((r) => statuses.includes(r.reservationStatus));
}

export function emitTask(ctx: Ctx, type: EventType, task: Task, description: string): void {
  ctx.emit(type, task.sid, description, taskFields(ctx.s, task, ctx.now));
}

export function emitReservation(ctx: Ctx, type: EventType, res: Reservation, description: string): void {
  ctx.emit(type, res.sid, description, reservationFields(ctx.s, res, ctx.now));
}

/** End a pending reservation because its task went away; frees the worker. */
function cancelReservation(ctx: Ctx, res: Reservation, description: string): void {
  setReservationStatus(ctx, res, "canceled");
  emitReservation(ctx, "reservation.canceled", res, description);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

export function cancelTask(ctx: Ctx, task: Task, reason: string): void {
  task.assignmentStatus = "canceled";
  task.reason = reason;
  task.deleteAt = ctx.now + ctx.deps.config.terminalTaskRetentionMs;
  ctx.touch("task", task);
  emitTask(ctx, "task.canceled", task, `Task ${task.sid} canceled: ${reason}`);
  for (const res of reservationsIn(ctx, task, ["pending"]))
    cancelReservation(ctx, res, `Task ${task.sid} canceled`);
  syncTask(ctx.s, task);
}

export function wrapTask(ctx: Ctx, task: Task, reason: string | null): void {
  task.assignmentStatus = "wrapping";
  if (reason !== null) task.reason = reason;
  ctx.touch("task", task);
  emitTask(ctx, "task.wrapup", task, `Task ${task.sid} wrapping up`);
  for (const res of reservationsIn(ctx, task, ["accepted"])) {
    setReservationStatus(ctx, res, "wrapping");
    emitReservation(ctx, "reservation.wrapup", res, `Reservation ${res.sid} wrapping up`);
  }
  syncTask(ctx.s, task);
}

export function completeTask(ctx: Ctx, task: Task, reason: string): void {
  task.assignmentStatus = "completed";
  task.reason = reason;
  task.deleteAt = ctx.now + ctx.deps.config.terminalTaskRetentionMs;
  ctx.touch("task", task);
  emitTask(ctx, "task.completed", task, `Task ${task.sid} completed: ${reason}`);
  for (const res of reservationsIn(ctx, task, ["accepted", "wrapping"])) {
    setReservationStatus(ctx, res, "completed");
    emitReservation(ctx, "reservation.completed", res, `Reservation ${res.sid} completed`);
    const postWork = postWorkActivity(res);
    const worker = ctx.s.workersById.get(res.workerSid);
    if (worker && postWork && ctx.s.activitiesById.has(postWork)) setWorkerActivity(ctx, worker, postWork);
    ctx.enqueue({ kind: "worker", sid: res.workerSid });
  }
  syncTask(ctx.s, task);
}

/** The activity recorded by a dequeue/conference/call instruction for after the work. */
function postWorkActivity(res: Reservation): string | null {
  const p = res.instructionParams;
  const value = p?.PostWorkActivitySid ?? p?.DequeuePostWorkActivitySid;
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * A reservation of a reserved task ended without acceptance. When none is pending any more the
 * task goes back to pending and is routed again (settle), unless it reached the max assignment count.
 */
export function afterReservationEnded(ctx: Ctx, task: Task): void {
  if (task.assignmentStatus !== "reserved") return;
  if (pendingReservations(ctx.s, task.sid) > 0) {
    syncTask(ctx.s, task);
    ctx.enqueue({ kind: "task", sid: task.sid });
    return;
  }
  if (task.assignmentCount >= MAX_ASSIGNMENT_COUNT) {
    cancelTask(ctx, task, "Max assignment count exceeded");
    return;
  }
  task.assignmentStatus = "pending";
  ctx.touch("task", task);
  syncTask(ctx.s, task);
  ctx.enqueue({ kind: "task", sid: task.sid });
}

/**
 * Remove a task and its reservations. `event` is task.deleted (API), task.system-deleted (assigned
 * lifetime) or null (retention of a terminal task). Pending reservations are canceled first.
 */
export function removeTask(ctx: Ctx, task: Task, event: "task.deleted" | "task.system-deleted" | null): void {
  const s = ctx.s;
  for (const res of reservationsIn(ctx, task, ["pending"]))
    cancelReservation(ctx, res, `Task ${task.sid} deleted`);
  if (event)
    emitTask(
      ctx,
      event,
      task,
      `Task ${task.sid} ${event === "task.deleted" ? "deleted" : "deleted by the system"}`,
    );
  for (const res of s.reservationsOfTask(task.sid)) {
    const active = s.activeByWorker.get(res.workerSid);
    if (active?.delete(res.sid)) {
      refreshWorker(s, res.workerSid);
      ctx.enqueue({ kind: "worker", sid: res.workerSid });
    }
    s.indexes.timers.arm("reservation", res.sid, null);
    s.reservationsById.delete(res.sid);
    const ofWorker = s.reservationsByWorker.get(res.workerSid);
    if (ofWorker)
      s.reservationsByWorker.set(
        res.workerSid,
        ofWorker.filter((sid) => sid !== res.sid),
      );
    ctx.removed("reservation", res.sid);
  }
  s.reservationsByTask.delete(task.sid);
  s.tasksById.delete(task.sid);
  syncTask(s, task);
  ctx.removed("task", task.sid);
}

/**
 * The task machine:
 *
 *              reservation created           accepted                wrapping
 *   (create) -> pending ------------> reserved ---------> assigned ----------> wrapping
 *                 ^                      |                    |                   |
 *                 |__ every reservation  |                    |  completed        |  completed
 *                     ended unaccepted __|                    '--------> completed <--'
 *   pending | reserved --API cancel, TTL, workflow timeout/skip, 1,000 assignments--> canceled
 *   assigned | wrapping --Tasklane's max assigned time with action cancel (never the API)--> canceled
 *
 * Transfers (docs/transfers.md) add two rows: assigned -> pending when a transfer offers the task to
 * its target (then pending -> reserved as for any offer), and pending -> assigned when the target
 * did not take it and the task goes back to its transferor (reserved -> assigned is the same move
 * from a pending offer). A task canceled or removed while being transferred fails the transfer.
 *
 * canceled and completed are final: the task is removed `terminalTaskRetentionMs` later (no
 * event). An assigned or wrapping task is system-deleted `assignedTaskLifetimeMs` after it was
 * assigned (`task.system-deleted`). Both removals use Task.deleteAt as their timer. Removal is not
 * a status: `removeTask` takes a task of any status out of the workspace.
 * Only `pending` tasks are offered to workers; a `reserved` task with fewer pending reservations
 * than its queue's MaxReservedWorkers is still offered (multi-reservation).
 *
 * `moveTask` is the only setter of `assignmentStatus` (the only caller of the state's write,
 * WorkspaceState.setTaskStatus); it asserts TASK_MOVES and throws an IllegalTransition (an engine
 * bug) for any other move. A client may ask for the statuses in
 * REQUESTABLE_TASK_STATUSES (Task update AssignmentStatus); `canRequestTaskStatus` answers whether
 * it may now. The functions below the setter are the effects of each move on the task's
 * reservations and workers.
 */
import type {
  JsonObject,
  Reservation,
  ReservationStatus,
  Task,
  TaskChannel,
  TaskStatus,
} from "../../domain/entities.ts";
import { illegalTransition } from "../../domain/errors.ts";
import type { TaskEventType } from "../../domain/event-fields.ts";
import type { Ctx } from "../context.ts";
import { taskFields } from "../events/fields.ts";
import { pendingReservations } from "../state/index-sync.ts";
import { emitReservation, moveReservation } from "./reservation.ts";
import { failActiveTransfer } from "./transfer.ts";
import { canMoveWorkerActivity, moveWorkerActivity } from "./worker-activity.ts";

export const MAX_ASSIGNMENT_COUNT = 1000;

/** The validated fields every new task has (created or simulated). */
export interface TaskFields {
  attributes: string;
  attrs: JsonObject;
  priority: number;
  timeout: number;
  channel: TaskChannel;
}

/** A validated task create (tasks/plan.ts): what newTask builds the task from. */
export interface TaskCreatePlan extends TaskFields {
  virtualStartTime: number;
  workflowSid: string | null;
  /** RoutingTarget (WK…, WQ… or WW…), or TaskQueueSid; null routes through the workflow. */
  routingTarget: string | null;
  ignoreCapacity: boolean | null;
}

/**
 * (create) -> pending: the one constructor of a Task, for task create (tasks/commands.ts, from a
 * validated plan) and for simulation (diagnostics). A task routed straight to a queue starts on its
 * single final step; one routed to a worker uses no queue at all.
 */
export function newTask(sid: string, workspaceSid: string, plan: TaskCreatePlan, now: number): Task {
  const toQueue = plan.routingTarget?.startsWith("WQ") ?? false;
  return {
    sid,
    workspaceSid,
    attributes: plan.attributes,
    attrs: plan.attrs,
    assignmentStatus: "pending",
    priority: plan.priority,
    reason: null,
    taskChannelSid: plan.channel.sid,
    taskChannelUniqueName: plan.channel.uniqueName,
    workflowSid: plan.workflowSid,
    taskQueueSid: toQueue ? plan.routingTarget : null,
    taskQueueEnteredDate: null,
    timeout: plan.timeout,
    virtualStartTime: plan.virtualStartTime,
    routingTarget: plan.routingTarget,
    ignoreCapacity: plan.ignoreCapacity,
    routing: toQueue ? { filterIndex: null, targetIndex: 0, stepDeadline: null, skipChecked: true } : null,
    assignmentCount: 0,
    version: 0,
    dateCreated: now,
    dateUpdated: now,
    deleteAt: null,
  };
}

/**
 * (create) -> pending in the workspace, for task create (tasks/commands.ts): the task built from
 * its plan, stored (the state files it in the indexes), recorded as created, `task.created`.
 * Routing it is the caller's next step.
 */
export function openTask(ctx: Ctx, plan: TaskCreatePlan): Task {
  const task = newTask(ctx.newSid("WT"), ctx.s.workspace.sid, plan, ctx.now);
  ctx.s.putTask(task);
  ctx.created("task", task);
  emitTask(ctx, "task.created", task, `Task ${task.sid} created`);
  return task;
}

/** from -> the statuses it may move to. A status with no moves is final. */
export const TASK_MOVES: { readonly [S in TaskStatus]: readonly TaskStatus[] } = {
  pending: ["reserved", "canceled", "assigned"],
  reserved: ["pending", "assigned", "canceled"],
  // pending: a transfer offers the task (docs/transfers.md); canceled: Tasklane's max assigned time
  // with action cancel (engine/chores).
  assigned: ["wrapping", "completed", "pending", "canceled"],
  wrapping: ["completed", "canceled"],
  canceled: [],
  completed: [],
};

/** What Task update's AssignmentStatus may ask for; the other moves are the engine's own. */
export const REQUESTABLE_TASK_STATUSES: readonly TaskStatus[] = ["canceled", "wrapping", "completed"];

export function canMoveTask(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_MOVES[from].includes(to);
}

/**
 * Moves only the server makes: TaskRouter never cancels an assigned task; Tasklane does when the
 * operator chose TasklaneMaxAssignedAction=cancel (engine/chores/cancel-assigned.ts).
 */
const SERVER_ONLY: { readonly [S in TaskStatus]?: readonly TaskStatus[] } = {
  assigned: ["canceled"],
  wrapping: ["canceled"],
};

export function canRequestTaskStatus(from: TaskStatus, to: TaskStatus): boolean {
  return REQUESTABLE_TASK_STATUSES.includes(to) && canMoveTask(from, to) && !SERVER_ONLY[from]?.includes(to);
}

/**
 * The only setter of `assignmentStatus`; `deleteAt` (the removal timer) changes with some moves.
 * State re-files the task and re-arms its timers (WorkspaceState.setTaskStatus).
 */
export function moveTask(ctx: Ctx, task: Task, to: TaskStatus, deleteAt?: number | null): void {
  const from = task.assignmentStatus;
  if (!canMoveTask(from, to)) throw illegalTransition("Task", task.sid, from, to);
  ctx.s.setTaskStatus(task, to, deleteAt);
  ctx.touch("task", task);
}

export function emitTask(ctx: Ctx, type: TaskEventType, task: Task, description: string): void {
  const s = ctx.s;
  const now = ctx.now;
  ctx.emitBuilt(
    type,
    task.sid,
    description,
    ctx.sharedTaskFields(task, () => taskFields(s, task, now)),
  );
}

function reservationsIn(ctx: Ctx, task: Task, statuses: readonly ReservationStatus[]): Reservation[] {
  return ctx.s.reservationsOfTask(task.sid).filter((r) => statuses.includes(r.reservationStatus));
}

/** pending -> reserved when a reservation is created (a reserved task just gets one more). */
export function reserveTask(ctx: Ctx, task: Task): void {
  if (task.assignmentStatus === "pending") {
    moveTask(ctx, task, "reserved");
    task.assignmentCount += 1;
  }
  ctx.touch("task", task);
}

/** reserved -> assigned when a reservation is accepted; its lifetime timer starts. */
export function assignTask(ctx: Ctx, task: Task): void {
  task.assignedAt = ctx.now;
  moveTask(ctx, task, "assigned", ctx.now + ctx.deps.config.assignedTaskLifetimeMs);
}

/** End a pending reservation because its task went away; frees the worker. */
function cancelReservation(ctx: Ctx, res: Reservation, description: string): void {
  moveReservation(ctx, res, "canceled");
  emitReservation(ctx, "reservation.canceled", res, description);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

/**
 * pending | reserved -> canceled: its pending reservations are canceled, and so are the accepted or
 * wrapping ones a task being transferred still has (its transferor's); the transfer fails.
 */
export function cancelTask(ctx: Ctx, task: Task, reason: string): void {
  task.reason = reason;
  moveTask(ctx, task, "canceled", ctx.now + ctx.deps.config.terminalTaskRetentionMs);
  emitTask(ctx, "task.canceled", task, `Task ${task.sid} canceled: ${reason}`);
  // Before the transferor's reservation ends: the SDK only hears transfer events on a live one.
  failActiveTransfer(ctx, task, `Task ${task.sid} was canceled`);
  for (const res of reservationsIn(ctx, task, ["pending", "accepted", "wrapping"]))
    cancelReservation(ctx, res, `Task ${task.sid} canceled`);
}

/** assigned -> wrapping: its accepted reservations wrap up with it. */
export function wrapTask(ctx: Ctx, task: Task, reason: string | null): void {
  if (reason !== null) task.reason = reason;
  task.wrappingAt = ctx.now;
  moveTask(ctx, task, "wrapping");
  emitTask(ctx, "task.wrapup", task, `Task ${task.sid} wrapping up`);
  for (const res of reservationsIn(ctx, task, ["accepted"])) {
    moveReservation(ctx, res, "wrapping");
    emitReservation(ctx, "reservation.wrapup", res, `Reservation ${res.sid} wrapping up`);
  }
}

/** assigned | wrapping -> completed: its reservations complete; workers go to their post-work activity. */
export function completeTask(ctx: Ctx, task: Task, reason: string): void {
  task.reason = reason;
  moveTask(ctx, task, "completed", ctx.now + ctx.deps.config.terminalTaskRetentionMs);
  emitTask(ctx, "task.completed", task, `Task ${task.sid} completed: ${reason}`);
  for (const res of reservationsIn(ctx, task, ["accepted", "wrapping"])) completeReservation(ctx, res);
}

/** accepted | wrapping -> completed for one reservation; its worker goes to its post-work activity. */
export function completeReservation(ctx: Ctx, res: Reservation): void {
  moveReservation(ctx, res, "completed");
  emitReservation(ctx, "reservation.completed", res, `Reservation ${res.sid} completed`);
  const postWork = postWorkActivity(res);
  const worker = ctx.s.workersById.get(res.workerSid);
  if (worker && postWork && canMoveWorkerActivity(ctx.s, "postWork", postWork))
    moveWorkerActivity(ctx, worker, postWork, "postWork");
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

/** accepted -> wrapping for one reservation, the task staying with another (a transfer's). */
export function wrapReservation(ctx: Ctx, res: Reservation): void {
  moveReservation(ctx, res, "wrapping");
  emitReservation(ctx, "reservation.wrapup", res, `Reservation ${res.sid} wrapping up`);
}

/** Another reservation than `res` still holds the task (pending, accepted or wrapping): a transfer's. */
export function othersHoldTask(ctx: Ctx, task: Task, res: Reservation): boolean {
  return ctx.s
    .reservationsOfTask(task.sid)
    .some(
      (r) =>
        r.sid !== res.sid &&
        (r.reservationStatus === "pending" ||
          r.reservationStatus === "accepted" ||
          r.reservationStatus === "wrapping"),
    );
}

/** The activity recorded by a dequeue/conference/call instruction for after the work. */
function postWorkActivity(res: Reservation): string | null {
  const p = res.instructionParams;
  const value = p?.PostWorkActivitySid ?? p?.DequeuePostWorkActivitySid;
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * A reservation of a reserved task ended without acceptance. When none is pending any more the
 * task goes back to pending (reserved -> pending) and is routed again (settle), unless it reached
 * the max assignment count (reserved -> canceled).
 */
export function afterReservationEnded(ctx: Ctx, task: Task): void {
  if (task.assignmentStatus !== "reserved") return;
  if (pendingReservations(ctx.s, task.sid) > 0) {
    ctx.enqueue({ kind: "task", sid: task.sid });
    return;
  }
  if (task.assignmentCount >= MAX_ASSIGNMENT_COUNT) {
    cancelTask(ctx, task, "Max assignment count exceeded");
    return;
  }
  moveTask(ctx, task, "pending");
  ctx.enqueue({ kind: "task", sid: task.sid });
}

/**
 * Remove a task and its reservations. `event` is task.deleted (API), task.system-deleted (assigned
 * lifetime) or null (retention of a terminal task). Pending reservations are canceled first.
 */
export function removeTask(ctx: Ctx, task: Task, event: "task.deleted" | "task.system-deleted" | null): void {
  const s = ctx.s;
  failActiveTransfer(ctx, task, `Task ${task.sid} was deleted`);
  for (const res of reservationsIn(ctx, task, ["pending"]))
    cancelReservation(ctx, res, `Task ${task.sid} deleted`);
  if (event)
    emitTask(
      ctx,
      event,
      task,
      `Task ${task.sid} ${event === "task.deleted" ? "deleted" : "deleted by the system"}`,
    );
  const { reservations, freedWorkers } = s.removeTask(task);
  for (const workerSid of freedWorkers) ctx.enqueue({ kind: "worker", sid: workerSid });
  for (const sid of reservations) ctx.removed("reservation", sid);
  ctx.removed("task", task.sid);
}

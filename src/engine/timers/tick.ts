/**
 * `tick`: fire every timer due at `now`, earliest first, settling the consequences of each before
 * the next (so a reservation timeout re-routes its task before a later step timeout is looked at).
 * Each entry is checked against its entity before firing: the data is the truth, the heap a hint.
 *
 *   reservation  pending reservation, timeoutAt reached     -> reservation.timeout (on hold for
 *                its call: reservation.canceled, reservations/call-setup.ts)
 *   step         pending task, age reached stepDeadline    -> next step / next filter / workflow.timeout
 *   ttl          pending or reserved task, age >= Timeout  -> task.canceled "Task TTL Exceeded"
 *   hold         a task's routing hold ended (routing/hold.ts)        -> try the task again
 *   delete       task.deleteAt reached: terminal -> removed silently; assigned/wrapping -> task.system-deleted
 *   wrapup       Tasklane wrap-up limit of the task's channel reached    -> completed (chores/fire.ts)
 *   overdue      Tasklane maximum assigned time reached  -> task.assigned-overdue, flag/complete/cancel
 */
import { fireChoreTimer } from "../chores/fire.ts";
import type { Ctx } from "../context.ts";
import { timeoutReservation } from "../machines/offer.ts";
import { cancelTask, removeTask } from "../machines/task.ts";
import { callSetUpExpired } from "../reservations/call-setup.ts";
import { releaseHold } from "../routing/hold.ts";
import { settle, stepTimedOut } from "../routing/router.ts";
import type { TimerEntry } from "../state/timer-queue.ts";

function fire(ctx: Ctx, entry: TimerEntry): void {
  const s = ctx.s;
  if (entry.kind === "reservation") {
    const res = s.reservationsById.get(entry.sid);
    const task = res ? s.tasksById.get(res.taskSid) : undefined;
    if (res && task && res.reservationStatus === "pending" && res.timeoutAt === entry.at) {
      if (res.onHold === true) callSetUpExpired(ctx, res, task);
      else timeoutReservation(ctx, res, task);
    }
    return;
  }
  if (entry.kind === "hold") {
    releaseHold(ctx, entry.sid, entry.at);
    return;
  }
  if (entry.kind === "wrapup" || entry.kind === "overdue") {
    fireChoreTimer(ctx, entry);
    return;
  }
  const task = s.tasksById.get(entry.sid);
  if (!task) return;
  const open = task.assignmentStatus === "pending" || task.assignmentStatus === "reserved";
  if (entry.kind === "step") {
    const deadline = task.routing?.stepDeadline;
    if (task.assignmentStatus === "pending" && deadline != null && task.dateCreated + deadline === entry.at) {
      stepTimedOut(ctx, task);
    }
  } else if (entry.kind === "ttl") {
    if (open && task.dateCreated + task.timeout * 1000 === entry.at)
      cancelTask(ctx, task, "Task TTL Exceeded");
  } else if (task.deleteAt === entry.at) {
    const assigned = task.assignmentStatus === "assigned" || task.assignmentStatus === "wrapping";
    removeTask(ctx, task, assigned ? "task.system-deleted" : null);
  }
}

export function tick(ctx: Ctx): void {
  for (let entry = ctx.s.takeDueTimer(ctx.now); entry; entry = ctx.s.takeDueTimer(ctx.now)) {
    fire(ctx, entry);
    settle(ctx);
  }
}

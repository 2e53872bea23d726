/**
 * The one move TaskRouter's task machine does not make: an assigned or wrapping task canceled by
 * the server (TasklaneMaxAssignedAction=cancel). TaskRouter only ever completes an assigned task;
 * this runs only when the operator chose `cancel`, never for an API request (machines/task.ts
 * keeps assigned|wrapping -> canceled out of what Task update may ask for).
 *
 *   task assigned | wrapping -> canceled (reason), retention timer as for any canceled task
 *   its accepted | wrapping reservations -> canceled (capacity back, worker offered work again)
 */
import type { Task } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { emitReservation, moveReservation } from "../machines/reservation.ts";
import { emitTask, moveTask } from "../machines/task.ts";

export function cancelAssignedTask(ctx: Ctx, task: Task, reason: string): void {
  task.reason = reason;
  moveTask(ctx, task, "canceled", ctx.now + ctx.deps.config.terminalTaskRetentionMs);
  emitTask(ctx, "task.canceled", task, `Task ${task.sid} canceled: ${reason}`);
  for (const res of ctx.s.reservationsOfTask(task.sid)) {
    if (res.reservationStatus !== "accepted" && res.reservationStatus !== "wrapping") continue;
    moveReservation(ctx, res, "canceled");
    emitReservation(ctx, "reservation.canceled", res, `Reservation ${res.sid} canceled: ${reason}`);
    ctx.enqueue({ kind: "worker", sid: res.workerSid });
  }
}

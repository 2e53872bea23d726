/**
 * What the answer to a transfer's offer does (docs/transfers.md, "How it ends"). Called by the
 * offer machine (offer.ts) when a reservation made for a transfer is accepted, rejected or times
 * out, and by the cancel command.
 *
 *   accepted                    transfer complete
 *   worker target rejected      transfer failed, the task goes back
 *   worker target timed out     transfer failed, the task goes back
 *   queue target rejected       an attempt failed when no offer is left pending; the task stays
 *                               in the target queue (the caller's usual "reservation ended" path)
 *   queue target timed out      transfer failed, the task goes back
 *   worker target's call set-up failed (reservations/call-setup.ts): as rejected, with its own
 *                               reason; a queue target's: as a rejected attempt
 *
 * "The task goes back": to the initiating reservation when it is still accepted (WARM): assigned,
 * in the workflow step and queue it had before the transfer; else (COLD, or the transferor left)
 * to pending, routed from the start of its workflow (a "route" work item).
 */
import type { Reservation, Task, Transfer } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { emitReservation, moveReservation } from "./reservation.ts";
import { emitTask, moveTask } from "./task.ts";
import { activeTransfer, emitTransfer, moveTransfer, noteAttemptFailed, transferOf } from "./transfer.ts";
import { returnStep } from "./workflow-step.ts";

export const REJECTED_REASON = "Transfer failed because the reservation was rejected";
export const TIMED_OUT_REASON = "Transfer failed because the reservation timed out";
export const SET_UP_FAILED_REASON = "Transfer failed because the reservation's call could not be connected";
export const ATTEMPT_REJECTED_REASON =
  "Transfer attempt failed on reservation reject because there are no more pending reservations";

/** The initiated transfer a reservation was offered for, if it is still initiated. */
function offeredFor(task: Task, res: Reservation): Transfer | undefined {
  const transfer = transferOf(task, res.transferSid);
  return transfer !== undefined && transfer === activeTransfer(task) ? transfer : undefined;
}

export function transferOfferAccepted(ctx: Ctx, task: Task, res: Reservation): void {
  const transfer = offeredFor(task, res);
  if (transfer === undefined) return;
  moveTransfer(ctx, task, transfer, "complete");
  emitTransfer(ctx, "task.transfer-completed", task, transfer, `Transfer ${transfer.sid} completed`);
}

/**
 * A transfer's offer ended unaccepted. True when the transfer took care of the task (failed and
 * sent it back); false when the usual "reservation ended" path goes on.
 */
export function transferOfferEnded(
  ctx: Ctx,
  task: Task,
  res: Reservation,
  how: "rejected" | "timeout" | "setUpFailed",
): boolean {
  const transfer = offeredFor(task, res);
  if (transfer === undefined) return false;
  if (transfer.type === "QUEUE" && how !== "timeout") {
    const pending = ctx.s.reservationsOfTask(task.sid).some((r) => r.reservationStatus === "pending");
    if (!pending) noteAttemptFailed(ctx, task, transfer, ATTEMPT_REJECTED_REASON);
    return false;
  }
  const reason =
    how === "rejected" ? REJECTED_REASON : how === "timeout" ? TIMED_OUT_REASON : SET_UP_FAILED_REASON;
  failTransfer(ctx, task, transfer, reason);
  return true;
}

/** Fail an initiated transfer and send the task back. */
export function failTransfer(ctx: Ctx, task: Task, transfer: Transfer, reason: string): void {
  cancelOffers(ctx, task, transfer, `Transfer ${transfer.sid} failed`);
  moveTransfer(ctx, task, transfer, "failed", reason);
  emitTransfer(ctx, "task.transfer-failed", task, transfer, `Transfer ${transfer.sid} failed: ${reason}`);
  sendBack(ctx, task, transfer);
}

/** The initiating worker canceled: pending offers are canceled, the task goes back. */
export function cancelTransfer(ctx: Ctx, task: Task, transfer: Transfer): void {
  cancelOffers(ctx, task, transfer, `Transfer ${transfer.sid} canceled`);
  moveTransfer(ctx, task, transfer, "canceled");
  emitTransfer(ctx, "task.transfer-canceled", task, transfer, `Transfer ${transfer.sid} canceled`);
  sendBack(ctx, task, transfer);
}

function cancelOffers(ctx: Ctx, task: Task, transfer: Transfer, description: string): void {
  for (const r of ctx.s.reservationsOfTask(task.sid)) {
    if (r.reservationStatus !== "pending" || r.transferSid !== transfer.sid) continue;
    moveReservation(ctx, r, "canceled");
    emitReservation(ctx, "reservation.canceled", r, description);
    ctx.enqueue({ kind: "worker", sid: r.workerSid });
  }
}

function sendBack(ctx: Ctx, task: Task, transfer: Transfer): void {
  const initiating = ctx.s.reservationsById.get(transfer.initiatingReservationSid);
  returnStep(ctx, task, transfer.returnTo);
  if (initiating?.reservationStatus === "accepted") {
    if (task.assignmentStatus !== "assigned") moveTask(ctx, task, "assigned");
    emitTask(
      ctx,
      "task.updated",
      task,
      `Task ${task.sid} is back with worker ${transfer.initiatingWorkerSid}`,
    );
    return;
  }
  if (task.assignmentStatus !== "pending") moveTask(ctx, task, "pending");
  emitTask(ctx, "task.updated", task, `Task ${task.sid} is routed again after transfer ${transfer.sid}`);
  ctx.enqueue({ kind: "route", sid: task.sid });
}

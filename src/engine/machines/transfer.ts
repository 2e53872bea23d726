/**
 * The transfer machine (docs/transfers.md): one `task.transfer()` of a task, owned by the task
 * (Task.transfers keeps them in order; at most one is initiated).
 *
 *                target reservation accepted
 *   initiated ------------------------------------------------> complete
 *       |  worker target rejected / timed out / cannot take it,
 *       |  queue target's offer timed out, task canceled/deleted
 *       |-----------------------------------------------------> failed
 *       |  the initiating worker canceled
 *       '-----------------------------------------------------> canceled
 *   (a queue target's offer rejected, none left pending: stays initiated, an attempt failed)
 *
 * `moveTransfer` is the only code that sets a transfer's status; it asserts TRANSFER_MOVES and throws
 * an IllegalTransition (an engine bug) for any other move. What each outcome does to the task and
 * its reservations is engine/transfers/.
 */
import type { Task, Transfer, TransferStatus } from "../../domain/entities.ts";
import { illegalTransition } from "../../domain/errors.ts";
import type { TaskEventFields, TransferEventFields } from "../../domain/event-fields.ts";
import type { Ctx } from "../context.ts";
import { taskFields } from "../events/fields.ts";

/** from -> the statuses it may move to. A status with no moves is final. */
export const TRANSFER_MOVES: { readonly [S in TransferStatus]: readonly TransferStatus[] } = {
  initiated: ["complete", "failed", "canceled"],
  complete: [],
  failed: [],
  canceled: [],
};

export function canMoveTransfer(from: TransferStatus, to: TransferStatus): boolean {
  return TRANSFER_MOVES[from].includes(to);
}

/** The task's initiated transfer, if any. */
export function activeTransfer(task: Task): Transfer | undefined {
  return task.transfers?.find((t) => t.status === "initiated");
}

export function transferOf(task: Task, sid: string | null | undefined): Transfer | undefined {
  return sid ? task.transfers?.find((t) => t.sid === sid) : undefined;
}

/** The only setter of a transfer's status; `reason` is its transfer_failed_reason when it fails. */
export function moveTransfer(
  ctx: Ctx,
  task: Task,
  transfer: Transfer,
  to: TransferStatus,
  reason: string | null = null,
): void {
  if (!canMoveTransfer(transfer.status, to))
    throw illegalTransition("Transfer", transfer.sid, transfer.status, to);
  transfer.status = to;
  if (reason !== null) transfer.failedReason = reason;
  transfer.dateUpdated = ctx.now;
  ctx.touch("task", task);
}

/** An attempt of a queue transfer failed: the transfer stays initiated and says why. */
export function noteAttemptFailed(ctx: Ctx, task: Task, transfer: Transfer, reason: string): void {
  transfer.failedReason = reason;
  transfer.dateUpdated = ctx.now;
  ctx.touch("task", task);
  emitTransfer(ctx, "task.transfer-attempt-failed", task, transfer, `Transfer ${transfer.sid}: ${reason}`);
}

/** A task.transfer-* event: the task's fields plus the transfer's, as they are now. */
type TransferEventType =
  | "task.transfer-initiated"
  | "task.transfer-attempt-failed"
  | "task.transfer-failed"
  | "task.transfer-canceled"
  | "task.transfer-completed";

export function emitTransfer(
  ctx: Ctx,
  type: TransferEventType,
  task: Task,
  transfer: Transfer,
  description: string,
): void {
  ctx.emit(type, task.sid, description, { ...taskFields(ctx.s, task, ctx.now), ...transferFields(transfer) });
}

export function transferFields(t: Transfer): Omit<TransferEventFields, keyof TaskEventFields> {
  return {
    TransferSid: t.sid,
    TransferMode: t.mode,
    TransferType: t.type,
    TransferTo: t.to,
    TransferStatus: t.status,
    TransferFailedReason: t.failedReason,
    InitiatingReservationSid: t.initiatingReservationSid,
    InitiatingWorkerSid: t.initiatingWorkerSid,
    InitiatingQueueSid: t.initiatingQueueSid,
    InitiatingWorkflowSid: t.initiatingWorkflowSid,
  };
}

/**
 * The task went away (canceled, deleted) while a transfer was initiated: it fails. Called by the
 * task machine's cancel and removal.
 */
export function failActiveTransfer(ctx: Ctx, task: Task, why: string): void {
  const transfer = activeTransfer(task);
  if (transfer === undefined) return;
  moveTransfer(ctx, task, transfer, "failed", why);
  emitTransfer(ctx, "task.transfer-failed", task, transfer, `Transfer ${transfer.sid} failed: ${why}`);
}

/**
 * Transfers in the worker SDK's dialect (docs/transfers.md): every key the SDK's TransferDescriptor
 * requires, dates in epoch seconds, `task_sid` (the SDK builds an OutgoingTransfer from it).
 * `at` renders the status and reason a transfer had at an event (a websocket frame for an event
 * of a command that moved it further).
 */
import type { Task, Transfer } from "../../domain/entities.ts";
import { type DialectContext, epochSeconds, type Payload } from "./workers.ts";

export function ebTransfer(
  ctx: DialectContext,
  task: Task,
  t: Transfer,
  at: { status?: string; reason?: string | null } = {},
): Payload {
  return {
    account_sid: ctx.view.workspace.accountSid,
    workspace_sid: ctx.view.workspace.sid,
    sid: t.sid,
    task_sid: task.sid,
    transfer_type: t.type,
    transfer_to: t.to,
    transfer_mode: t.mode,
    transfer_status: at.status ?? t.status,
    transfer_failed_reason: at.reason === undefined ? t.failedReason : at.reason,
    initiating_reservation_sid: t.initiatingReservationSid,
    initiating_worker_sid: t.initiatingWorkerSid,
    initiating_queue_sid: t.initiatingQueueSid,
    initiating_workflow_sid: t.initiatingWorkflowSid,
    date_created: epochSeconds(t.dateCreated),
    date_updated: epochSeconds(t.dateUpdated),
  };
}

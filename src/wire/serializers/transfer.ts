/**
 * A Transfer: SDK only (REST has no transfer resource; docs/transfers.md). Every key the SDK's
 * TransferDescriptor requires, `task_sid` (the SDK builds an OutgoingTransfer from it). `at` renders
 * the status and reason a transfer had at an event (a websocket frame for an event of a command that
 * moved it further).
 */
import type { Task, Transfer } from "../../domain/entities.ts";
import { COMMON_FIELDS, type Keys, render, type WireContext, type WireObject, wireDate } from "./dialect.ts";

export interface TransferAt {
  status?: string;
  reason?: string | null;
}

interface Rendered {
  task: Task;
  transfer: Transfer;
}

const FIELDS = {
  ...COMMON_FIELDS,
  sid: (_: WireContext, e: Rendered) => e.transfer.sid,
  task_sid: (_: WireContext, e: Rendered) => e.task.sid,
  transfer_type: (_: WireContext, e: Rendered) => e.transfer.type,
  transfer_to: (_: WireContext, e: Rendered) => e.transfer.to,
  transfer_mode: (_: WireContext, e: Rendered) => e.transfer.mode,
  transfer_status: (_: WireContext, e: Rendered, at: TransferAt) => at.status ?? e.transfer.status,
  transfer_failed_reason: (_: WireContext, e: Rendered, at: TransferAt) =>
    at.reason === undefined ? e.transfer.failedReason : at.reason,
  initiating_reservation_sid: (_: WireContext, e: Rendered) => e.transfer.initiatingReservationSid,
  initiating_worker_sid: (_: WireContext, e: Rendered) => e.transfer.initiatingWorkerSid,
  initiating_queue_sid: (_: WireContext, e: Rendered) => e.transfer.initiatingQueueSid,
  initiating_workflow_sid: (_: WireContext, e: Rendered) => e.transfer.initiatingWorkflowSid,
  date_created: (ctx: WireContext, e: Rendered) => wireDate(ctx, e.transfer.dateCreated),
  date_updated: (ctx: WireContext, e: Rendered) => wireDate(ctx, e.transfer.dateUpdated),
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [],
  sdk: [
    "account_sid",
    "workspace_sid",
    "sid",
    "task_sid",
    "transfer_type",
    "transfer_to",
    "transfer_mode",
    "transfer_status",
    "transfer_failed_reason",
    "initiating_reservation_sid",
    "initiating_worker_sid",
    "initiating_queue_sid",
    "initiating_workflow_sid",
    "date_created",
    "date_updated",
  ],
};

export function serializeTransfer(
  ctx: WireContext,
  task: Task,
  transfer: Transfer,
  at: TransferAt = {},
): WireObject {
  return render(ctx, FIELDS, KEYS, { task, transfer }, at);
}

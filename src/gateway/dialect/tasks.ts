/**
 * The worker SDK's payload dialect for tasks, reservations (always with their full task nested) and
 * task queues: epoch-second dates, `version`, `queue_sid`/`queue_name` where REST says
 * `task_queue_sid`/`task_queue_friendly_name`, and `attributes`/`addons` as JSON strings.
 */
import type { Reservation, Task, TaskQueue } from "../../domain/entities.ts";
import { ebTransfer } from "./transfers.ts";
import { type DialectContext, epochSeconds, type Payload } from "./workers.ts";

export function ebTask(ctx: DialectContext, t: Task): Payload {
  const queue = t.taskQueueSid === null ? undefined : ctx.view.taskQueue(t.taskQueueSid);
  const workflow = t.workflowSid === null ? undefined : ctx.view.workflow(t.workflowSid);
  return {
    account_sid: ctx.view.workspace.accountSid,
    workspace_sid: ctx.view.workspace.sid,
    sid: t.sid,
    assignment_status: t.assignmentStatus,
    attributes: t.attributes,
    addons: "{}",
    age: Math.max(0, Math.floor((ctx.now - t.dateCreated) / 1000)),
    priority: t.priority,
    reason: t.reason,
    timeout: t.timeout,
    routing_target: t.routingTarget,
    queue_sid: t.taskQueueSid,
    queue_name: queue?.friendlyName ?? null,
    task_queue_entered_date: epochSeconds(t.taskQueueEnteredDate),
    workflow_sid: t.workflowSid,
    workflow_name: workflow?.friendlyName ?? null,
    task_channel_sid: t.taskChannelSid,
    task_channel_unique_name: t.taskChannelUniqueName,
    date_created: epochSeconds(t.dateCreated),
    date_updated: epochSeconds(t.dateUpdated),
    virtual_start_time: epochSeconds(t.virtualStartTime),
    version: t.version,
  };
}

/**
 * Null when the reservation's task is gone (removed after its retention period). `transfers`
 * false leaves out task_transfer / active_outgoing_task_transfer: the answer to a reservation
 * update, which the SDK reads without its task and crashes on with them (its ReservationDescriptor
 * attaches the transfer to the task it did not read).
 */
export function ebReservation(
  ctx: DialectContext,
  r: Reservation,
  options: { transfers: boolean } = { transfers: true },
): Payload | null {
  const task = ctx.view.task(r.taskSid);
  if (task === undefined) return null;
  const incoming =
    options.transfers && r.transferSid ? task.transfers?.find((t) => t.sid === r.transferSid) : undefined;
  const outgoing = options.transfers
    ? task.transfers?.find((t) => t.status === "initiated" && t.initiatingReservationSid === r.sid)
    : undefined;
  return {
    account_sid: ctx.view.workspace.accountSid,
    workspace_sid: ctx.view.workspace.sid,
    sid: r.sid,
    task_sid: r.taskSid,
    worker_sid: r.workerSid,
    worker_name: r.workerName,
    reservation_status: r.reservationStatus,
    reservation_timeout: r.timeoutSeconds,
    worker_previous_activity_sid: r.workerPreviousActivitySid,
    ...(r.canceledReasonCode === null ? {} : { canceled_reason_code: r.canceledReasonCode }),
    date_created: epochSeconds(r.dateCreated),
    date_updated: epochSeconds(r.dateUpdated),
    version: r.version,
    task: ebTask(ctx, task),
    // The SDK reads these as reservation.transfer / task.transfers.incoming and
    // task.transfers.outgoing (docs/transfers.md); present only when there is one.
    ...(incoming === undefined ? {} : { task_transfer: ebTransfer(ctx, task, incoming) }),
    ...(outgoing === undefined ? {} : { active_outgoing_task_transfer: ebTransfer(ctx, task, outgoing) }),
  };
}

export function ebTaskQueue(ctx: DialectContext, q: TaskQueue): Payload {
  const activityName = (sid: string | null) =>
    sid === null ? null : (ctx.view.activity(sid)?.friendlyName ?? null);
  return {
    account_sid: ctx.view.workspace.accountSid,
    workspace_sid: ctx.view.workspace.sid,
    sid: q.sid,
    friendly_name: q.friendlyName,
    target_workers: q.targetWorkers,
    max_reserved_workers: q.maxReservedWorkers,
    task_order: q.taskOrder,
    lifo_queue: q.taskOrder === "LIFO",
    reservation_activity_sid: q.reservationActivitySid,
    reservation_activity_name: activityName(q.reservationActivitySid),
    assignment_activity_sid: q.assignmentActivitySid,
    assignment_activity_name: activityName(q.assignmentActivitySid),
    date_created: epochSeconds(q.dateCreated),
    date_updated: epochSeconds(q.dateUpdated),
  };
}

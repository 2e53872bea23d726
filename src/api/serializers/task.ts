import type { Task } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

/** Task age in whole seconds, from the request's clock reading. */
export function taskAge(ctx: SerializeContext, t: Task): number {
  return Math.max(0, Math.floor((ctx.now - t.dateCreated) / 1000));
}

/** `inList`: task attributes are `null` in list responses, as TaskRouter does. */
export function serializeTask(ctx: SerializeContext, t: Task, inList = false): WireObject {
  const queue = t.taskQueueSid === null ? undefined : ctx.view.taskQueue(t.taskQueueSid);
  const workflow = t.workflowSid === null ? undefined : ctx.view.workflow(t.workflowSid);
  return {
    ...commonFields(ctx),
    age: taskAge(ctx, t),
    assignment_status: t.assignmentStatus,
    attributes: inList ? null : t.attributes,
    addons: "{}",
    date_created: isoDate(t.dateCreated),
    date_updated: isoDate(t.dateUpdated),
    task_queue_entered_date: isoDate(t.taskQueueEnteredDate),
    priority: t.priority,
    reason: t.reason,
    sid: t.sid,
    task_queue_sid: t.taskQueueSid,
    task_queue_friendly_name: queue?.friendlyName ?? null,
    task_channel_sid: t.taskChannelSid,
    task_channel_unique_name: t.taskChannelUniqueName,
    timeout: t.timeout,
    workflow_sid: t.workflowSid,
    workflow_friendly_name: workflow?.friendlyName ?? null,
    url: workspaceUrl(ctx, "Tasks", t.sid),
    links: {
      task_queue: t.taskQueueSid === null ? null : workspaceUrl(ctx, "TaskQueues", t.taskQueueSid),
      workflow: t.workflowSid === null ? null : workspaceUrl(ctx, "Workflows", t.workflowSid),
      workspace: workspaceUrl(ctx),
      reservations: workspaceUrl(ctx, "Tasks", t.sid, "Reservations"),
    },
    virtual_start_time: isoDate(t.virtualStartTime),
    ignore_capacity: t.ignoreCapacity,
    routing_target: t.routingTarget,
  };
}

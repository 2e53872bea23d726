/**
 * A Task in both dialects. The SDK calls the queue `queue_sid`/`queue_name` and the workflow's name
 * `workflow_name`, and adds `version`; REST adds `url`, `links` and `ignore_capacity`. `inList`:
 * REST hides attributes in list responses (`null`), as TaskRouter does.
 */
import type { Task } from "../../domain/entities.ts";
import {
  COMMON_FIELDS,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";

/** Task age in whole seconds, from the request's clock reading. */
export function taskAge(ctx: WireContext, t: Task): number {
  return Math.max(0, Math.floor((ctx.now - t.dateCreated) / 1000));
}

const queueOf = (ctx: WireContext, t: Task) =>
  t.taskQueueSid === null ? undefined : ctx.view.taskQueue(t.taskQueueSid);
const workflowOf = (ctx: WireContext, t: Task) =>
  t.workflowSid === null ? undefined : ctx.view.workflow(t.workflowSid);

const FIELDS = {
  ...COMMON_FIELDS,
  age: taskAge,
  assignment_status: (_: WireContext, t: Task) => t.assignmentStatus,
  attributes: (_: WireContext, t: Task, inList: boolean) => (inList ? null : t.attributes),
  addons: () => "{}",
  date_created: (ctx: WireContext, t: Task) => wireDate(ctx, t.dateCreated),
  date_updated: (ctx: WireContext, t: Task) => wireDate(ctx, t.dateUpdated),
  task_queue_entered_date: (ctx: WireContext, t: Task) => wireDate(ctx, t.taskQueueEnteredDate),
  priority: (_: WireContext, t: Task) => t.priority,
  reason: (_: WireContext, t: Task) => t.reason,
  sid: (_: WireContext, t: Task) => t.sid,
  task_queue_sid: (_: WireContext, t: Task) => t.taskQueueSid,
  task_queue_friendly_name: (ctx: WireContext, t: Task) => queueOf(ctx, t)?.friendlyName ?? null,
  task_channel_sid: (_: WireContext, t: Task) => t.taskChannelSid,
  task_channel_unique_name: (_: WireContext, t: Task) => t.taskChannelUniqueName,
  timeout: (_: WireContext, t: Task) => t.timeout,
  workflow_sid: (_: WireContext, t: Task) => t.workflowSid,
  workflow_friendly_name: (ctx: WireContext, t: Task) => workflowOf(ctx, t)?.friendlyName ?? null,
  url: (ctx: WireContext, t: Task) => workspaceUrl(ctx, "Tasks", t.sid),
  links: (ctx: WireContext, t: Task) => ({
    task_queue: t.taskQueueSid === null ? null : workspaceUrl(ctx, "TaskQueues", t.taskQueueSid),
    workflow: t.workflowSid === null ? null : workspaceUrl(ctx, "Workflows", t.workflowSid),
    workspace: workspaceUrl(ctx),
    reservations: workspaceUrl(ctx, "Tasks", t.sid, "Reservations"),
  }),
  virtual_start_time: (ctx: WireContext, t: Task) => wireDate(ctx, t.virtualStartTime),
  ignore_capacity: (_: WireContext, t: Task) => t.ignoreCapacity,
  routing_target: (_: WireContext, t: Task) => t.routingTarget,
  version: (_: WireContext, t: Task) => t.version,
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "age",
    "assignment_status",
    "attributes",
    "addons",
    "date_created",
    "date_updated",
    "task_queue_entered_date",
    "priority",
    "reason",
    "sid",
    "task_queue_sid",
    "task_queue_friendly_name",
    "task_channel_sid",
    "task_channel_unique_name",
    "timeout",
    "workflow_sid",
    "workflow_friendly_name",
    "url",
    "links",
    "virtual_start_time",
    "ignore_capacity",
    "routing_target",
  ],
  sdk: [
    "account_sid",
    "workspace_sid",
    "sid",
    "assignment_status",
    "attributes",
    "addons",
    "age",
    "priority",
    "reason",
    "timeout",
    "routing_target",
    ["queue_sid", "task_queue_sid"],
    ["queue_name", "task_queue_friendly_name"],
    "task_queue_entered_date",
    "workflow_sid",
    ["workflow_name", "workflow_friendly_name"],
    "task_channel_sid",
    "task_channel_unique_name",
    "date_created",
    "date_updated",
    "virtual_start_time",
    "version",
  ],
};

export function serializeTask(ctx: WireContext, t: Task, inList = false): WireObject {
  return render(ctx, FIELDS, KEYS, t, inList);
}

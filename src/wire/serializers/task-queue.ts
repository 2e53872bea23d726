/** A TaskQueue in both dialects (the SDK's adds `lifo_queue`, has no `url` or `links`). */
import type { TaskQueue } from "../../domain/entities.ts";
import {
  activityName,
  COMMON_FIELDS,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";

const activityLink = (ctx: WireContext, sid: string | null) =>
  sid === null ? null : workspaceUrl(ctx, "Activities", sid);

const FIELDS = {
  ...COMMON_FIELDS,
  assignment_activity_sid: (_: WireContext, q: TaskQueue) => q.assignmentActivitySid,
  assignment_activity_name: (ctx: WireContext, q: TaskQueue) => activityName(ctx, q.assignmentActivitySid),
  date_created: (ctx: WireContext, q: TaskQueue) => wireDate(ctx, q.dateCreated),
  date_updated: (ctx: WireContext, q: TaskQueue) => wireDate(ctx, q.dateUpdated),
  friendly_name: (_: WireContext, q: TaskQueue) => q.friendlyName,
  max_reserved_workers: (_: WireContext, q: TaskQueue) => q.maxReservedWorkers,
  reservation_activity_sid: (_: WireContext, q: TaskQueue) => q.reservationActivitySid,
  reservation_activity_name: (ctx: WireContext, q: TaskQueue) => activityName(ctx, q.reservationActivitySid),
  sid: (_: WireContext, q: TaskQueue) => q.sid,
  target_workers: (_: WireContext, q: TaskQueue) => q.targetWorkers,
  task_order: (_: WireContext, q: TaskQueue) => q.taskOrder,
  lifo_queue: (_: WireContext, q: TaskQueue) => q.taskOrder === "LIFO",
  url: (ctx: WireContext, q: TaskQueue) => workspaceUrl(ctx, "TaskQueues", q.sid),
  links: (ctx: WireContext, q: TaskQueue) => ({
    assignment_activity: activityLink(ctx, q.assignmentActivitySid),
    reservation_activity: activityLink(ctx, q.reservationActivitySid),
    workspace: workspaceUrl(ctx),
    statistics: workspaceUrl(ctx, "TaskQueues", q.sid, "Statistics"),
    real_time_statistics: workspaceUrl(ctx, "TaskQueues", q.sid, "RealTimeStatistics"),
    cumulative_statistics: workspaceUrl(ctx, "TaskQueues", q.sid, "CumulativeStatistics"),
    list_statistics: workspaceUrl(ctx, "TaskQueues", "Statistics"),
    bulk_real_time_statistics: workspaceUrl(ctx, "TaskQueues", "RealTimeStatistics"),
  }),
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "assignment_activity_sid",
    "assignment_activity_name",
    "date_created",
    "date_updated",
    "friendly_name",
    "max_reserved_workers",
    "reservation_activity_sid",
    "reservation_activity_name",
    "sid",
    "target_workers",
    "task_order",
    "url",
    "links",
  ],
  sdk: [
    "account_sid",
    "workspace_sid",
    "sid",
    "friendly_name",
    "target_workers",
    "max_reserved_workers",
    "task_order",
    "lifo_queue",
    "reservation_activity_sid",
    "reservation_activity_name",
    "assignment_activity_sid",
    "assignment_activity_name",
    "date_created",
    "date_updated",
  ],
};

export function serializeTaskQueue(ctx: WireContext, q: TaskQueue): WireObject {
  return render(ctx, FIELDS, KEYS, q, undefined);
}

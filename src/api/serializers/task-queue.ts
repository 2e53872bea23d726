import type { TaskQueue } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

export function serializeTaskQueue(ctx: SerializeContext, q: TaskQueue): WireObject {
  const activityName = (sid: string | null) =>
    sid === null ? null : (ctx.view.activity(sid)?.friendlyName ?? null);
  const activityLink = (sid: string | null) => (sid === null ? null : workspaceUrl(ctx, "Activities", sid));
  return {
    ...commonFields(ctx),
    assignment_activity_sid: q.assignmentActivitySid,
    assignment_activity_name: activityName(q.assignmentActivitySid),
    date_created: isoDate(q.dateCreated),
    date_updated: isoDate(q.dateUpdated),
    friendly_name: q.friendlyName,
    max_reserved_workers: q.maxReservedWorkers,
    reservation_activity_sid: q.reservationActivitySid,
    reservation_activity_name: activityName(q.reservationActivitySid),
    sid: q.sid,
    target_workers: q.targetWorkers,
    task_order: q.taskOrder,
    url: workspaceUrl(ctx, "TaskQueues", q.sid),
    links: {
      assignment_activity: activityLink(q.assignmentActivitySid),
      reservation_activity: activityLink(q.reservationActivitySid),
      workspace: workspaceUrl(ctx),
      statistics: workspaceUrl(ctx, "TaskQueues", q.sid, "Statistics"),
      real_time_statistics: workspaceUrl(ctx, "TaskQueues", q.sid, "RealTimeStatistics"),
      cumulative_statistics: workspaceUrl(ctx, "TaskQueues", q.sid, "CumulativeStatistics"),
      list_statistics: workspaceUrl(ctx, "TaskQueues", "Statistics"),
      bulk_real_time_statistics: workspaceUrl(ctx, "TaskQueues", "RealTimeStatistics"),
    },
  };
}

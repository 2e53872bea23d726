import type { Workflow } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

export function serializeWorkflow(ctx: SerializeContext, w: Workflow): WireObject {
  return {
    ...commonFields(ctx),
    assignment_callback_url: w.assignmentCallbackUrl,
    configuration: w.configuration,
    date_created: isoDate(w.dateCreated),
    date_updated: isoDate(w.dateUpdated),
    document_content_type: "application/json",
    fallback_assignment_callback_url: w.fallbackAssignmentCallbackUrl,
    friendly_name: w.friendlyName,
    sid: w.sid,
    task_reservation_timeout: w.taskReservationTimeout,
    url: workspaceUrl(ctx, "Workflows", w.sid),
    links: {
      statistics: workspaceUrl(ctx, "Workflows", w.sid, "Statistics"),
      real_time_statistics: workspaceUrl(ctx, "Workflows", w.sid, "RealTimeStatistics"),
      cumulative_statistics: workspaceUrl(ctx, "Workflows", w.sid, "CumulativeStatistics"),
    },
  };
}

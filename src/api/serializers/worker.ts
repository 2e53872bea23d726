import type { Worker } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

/**
 * `inList`: TaskRouter hides worker attributes in list responses (`null`), returning them only on
 * single-resource responses.
 */
export function serializeWorker(ctx: SerializeContext, w: Worker, inList = false): WireObject {
  const activity = ctx.view.activity(w.activitySid);
  return {
    ...commonFields(ctx),
    activity_name: activity?.friendlyName ?? null,
    activity_sid: w.activitySid,
    attributes: inList ? null : w.attributes,
    available: activity?.available ?? false,
    date_created: isoDate(w.dateCreated),
    date_status_changed: isoDate(w.dateStatusChanged),
    date_updated: isoDate(w.dateUpdated),
    friendly_name: w.friendlyName,
    sid: w.sid,
    url: workspaceUrl(ctx, "Workers", w.sid),
    links: {
      channels: workspaceUrl(ctx, "Workers", w.sid, "Channels"),
      activity: workspaceUrl(ctx, "Activities", w.activitySid),
      workspace: workspaceUrl(ctx),
      statistics: workspaceUrl(ctx, "Workers", "Statistics"),
      real_time_statistics: workspaceUrl(ctx, "Workers", "RealTimeStatistics"),
      cumulative_statistics: workspaceUrl(ctx, "Workers", "CumulativeStatistics"),
      worker_statistics: workspaceUrl(ctx, "Workers", w.sid, "Statistics"),
      worker_channels: workspaceUrl(ctx, "Workers", w.sid, "Channels"),
      reservations: workspaceUrl(ctx, "Workers", w.sid, "Reservations"),
    },
  };
}

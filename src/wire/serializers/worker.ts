/**
 * A Worker in both dialects. `inList`: REST hides worker attributes in list responses (`null`),
 * returning them only on single-resource responses; the SDK always has them, and `version`.
 */
import type { Worker } from "../../domain/entities.ts";
import {
  COMMON_FIELDS,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";

const FIELDS = {
  ...COMMON_FIELDS,
  activity_name: (ctx: WireContext, w: Worker) => ctx.view.activity(w.activitySid)?.friendlyName ?? null,
  activity_sid: (_: WireContext, w: Worker) => w.activitySid,
  attributes: (_: WireContext, w: Worker, inList: boolean) => (inList ? null : w.attributes),
  available: (ctx: WireContext, w: Worker) => ctx.view.activity(w.activitySid)?.available ?? false,
  date_created: (ctx: WireContext, w: Worker) => wireDate(ctx, w.dateCreated),
  date_status_changed: (ctx: WireContext, w: Worker) => wireDate(ctx, w.dateStatusChanged),
  date_updated: (ctx: WireContext, w: Worker) => wireDate(ctx, w.dateUpdated),
  friendly_name: (_: WireContext, w: Worker) => w.friendlyName,
  sid: (_: WireContext, w: Worker) => w.sid,
  url: (ctx: WireContext, w: Worker) => workspaceUrl(ctx, "Workers", w.sid),
  links: (ctx: WireContext, w: Worker) => ({
    channels: workspaceUrl(ctx, "Workers", w.sid, "Channels"),
    activity: workspaceUrl(ctx, "Activities", w.activitySid),
    workspace: workspaceUrl(ctx),
    statistics: workspaceUrl(ctx, "Workers", "Statistics"),
    real_time_statistics: workspaceUrl(ctx, "Workers", "RealTimeStatistics"),
    cumulative_statistics: workspaceUrl(ctx, "Workers", "CumulativeStatistics"),
    worker_statistics: workspaceUrl(ctx, "Workers", w.sid, "Statistics"),
    worker_channels: workspaceUrl(ctx, "Workers", w.sid, "Channels"),
    reservations: workspaceUrl(ctx, "Workers", w.sid, "Reservations"),
  }),
  version: (_: WireContext, w: Worker) => w.version,
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "activity_name",
    "activity_sid",
    "attributes",
    "available",
    "date_created",
    "date_status_changed",
    "date_updated",
    "friendly_name",
    "sid",
    "url",
    "links",
  ],
  sdk: [
    "account_sid",
    "workspace_sid",
    "sid",
    "friendly_name",
    "attributes",
    "activity_sid",
    "activity_name",
    "available",
    "date_created",
    "date_updated",
    "date_status_changed",
    "version",
  ],
};

export function serializeWorker(ctx: WireContext, w: Worker, inList = false): WireObject {
  return render(ctx, FIELDS, KEYS, w, inList);
}

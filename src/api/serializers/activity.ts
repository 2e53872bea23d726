import type { Activity } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

export function serializeActivity(ctx: SerializeContext, a: Activity): WireObject {
  return {
    ...commonFields(ctx),
    available: a.available,
    date_created: isoDate(a.dateCreated),
    date_updated: isoDate(a.dateUpdated),
    friendly_name: a.friendlyName,
    sid: a.sid,
    url: workspaceUrl(ctx, "Activities", a.sid),
    links: { workspace: workspaceUrl(ctx) },
  };
}

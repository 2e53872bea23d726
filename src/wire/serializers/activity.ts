/** An Activity in both dialects (the SDK's has no `url` or `links`). */
import type { Activity } from "../../domain/entities.ts";
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
  available: (_: WireContext, a: Activity) => a.available,
  date_created: (ctx: WireContext, a: Activity) => wireDate(ctx, a.dateCreated),
  date_updated: (ctx: WireContext, a: Activity) => wireDate(ctx, a.dateUpdated),
  friendly_name: (_: WireContext, a: Activity) => a.friendlyName,
  sid: (_: WireContext, a: Activity) => a.sid,
  url: (ctx: WireContext, a: Activity) => workspaceUrl(ctx, "Activities", a.sid),
  links: (ctx: WireContext) => ({ workspace: workspaceUrl(ctx) }),
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "available",
    "date_created",
    "date_updated",
    "friendly_name",
    "sid",
    "url",
    "links",
  ],
  sdk: ["account_sid", "workspace_sid", "sid", "friendly_name", "available", "date_created", "date_updated"],
};

export function serializeActivity(ctx: WireContext, a: Activity): WireObject {
  return render(ctx, FIELDS, KEYS, a, undefined);
}

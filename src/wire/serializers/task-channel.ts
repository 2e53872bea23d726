/** A TaskChannel: REST only (the worker SDK never reads task channels, so its key list is empty). */
import type { TaskChannel } from "../../domain/entities.ts";
import { channelChoreFields } from "../chores.ts";
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
  date_created: (ctx: WireContext, c: TaskChannel) => wireDate(ctx, c.dateCreated),
  date_updated: (ctx: WireContext, c: TaskChannel) => wireDate(ctx, c.dateUpdated),
  friendly_name: (_: WireContext, c: TaskChannel) => c.friendlyName,
  sid: (_: WireContext, c: TaskChannel) => c.sid,
  unique_name: (_: WireContext, c: TaskChannel) => c.uniqueName,
  channel_optimized_routing: (_: WireContext, c: TaskChannel) => c.channelOptimizedRouting,
  /** A Tasklane chore (src/wire/chores.ts): present only when set. */
  tasklane_wrap_up_limit: (_: WireContext, c: TaskChannel) => channelChoreFields(c).tasklane_wrap_up_limit,
  url: (ctx: WireContext, c: TaskChannel) => workspaceUrl(ctx, "TaskChannels", c.sid),
  links: (ctx: WireContext) => ({ workspace: workspaceUrl(ctx) }),
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "date_created",
    "date_updated",
    "friendly_name",
    "sid",
    "unique_name",
    "channel_optimized_routing",
    "tasklane_wrap_up_limit",
    "url",
    "links",
  ],
  sdk: [],
};

export function serializeTaskChannel(ctx: WireContext, c: TaskChannel): WireObject {
  return render(ctx, FIELDS, KEYS, c, undefined);
}

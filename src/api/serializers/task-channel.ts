import type { TaskChannel } from "../../domain/entities.ts";
import { channelChoreFields } from "../../wire/chores.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

export function serializeTaskChannel(ctx: SerializeContext, c: TaskChannel): WireObject {
  return {
    ...commonFields(ctx),
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    friendly_name: c.friendlyName,
    sid: c.sid,
    unique_name: c.uniqueName,
    channel_optimized_routing: c.channelOptimizedRouting,
    ...channelChoreFields(c),
    url: workspaceUrl(ctx, "TaskChannels", c.sid),
    links: { workspace: workspaceUrl(ctx) },
  };
}

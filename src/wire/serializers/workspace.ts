/**
 * A Workspace in both dialects (the entity is the context's own workspace). REST adds the event
 * callback settings, Tasklane's chores (src/wire/chores.ts, present only when set), `url` and
 * `links`; the SDK's starts with the SID.
 */
import type { Workspace } from "../../domain/entities.ts";
import { workspaceChoreFields } from "../chores.ts";
import { linksOf } from "../render.ts";
import {
  activityName,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";

const LINKS = {
  activities: "Activities",
  statistics: "Statistics",
  real_time_statistics: "RealTimeStatistics",
  cumulative_statistics: "CumulativeStatistics",
  task_queues: "TaskQueues",
  tasks: "Tasks",
  workers: "Workers",
  workflows: "Workflows",
  task_channels: "TaskChannels",
  events: "Events",
};

/** A chore's value when it is set; undefined leaves the key out. */
const chore = (key: keyof ReturnType<typeof workspaceChoreFields>) => (_: WireContext, ws: Workspace) =>
  workspaceChoreFields(ws)[key] ?? undefined;

const FIELDS = {
  account_sid: (_: WireContext, ws: Workspace) => ws.accountSid,
  date_created: (ctx: WireContext, ws: Workspace) => wireDate(ctx, ws.dateCreated),
  date_updated: (ctx: WireContext, ws: Workspace) => wireDate(ctx, ws.dateUpdated),
  default_activity_name: (ctx: WireContext, ws: Workspace) => activityName(ctx, ws.defaultActivitySid),
  default_activity_sid: (_: WireContext, ws: Workspace) => ws.defaultActivitySid,
  event_callback_url: (_: WireContext, ws: Workspace) => ws.eventCallbackUrl,
  events_filter: (_: WireContext, ws: Workspace) => ws.eventsFilter,
  friendly_name: (_: WireContext, ws: Workspace) => ws.friendlyName,
  multi_task_enabled: (_: WireContext, ws: Workspace) => ws.multiTaskEnabled,
  sid: (_: WireContext, ws: Workspace) => ws.sid,
  timeout_activity_name: (ctx: WireContext, ws: Workspace) => activityName(ctx, ws.timeoutActivitySid),
  timeout_activity_sid: (_: WireContext, ws: Workspace) => ws.timeoutActivitySid,
  prioritize_queue_order: (_: WireContext, ws: Workspace) => ws.prioritizeQueueOrder,
  tasklane_max_assigned: chore("tasklane_max_assigned"),
  tasklane_max_assigned_action: chore("tasklane_max_assigned_action"),
  tasklane_channel_rules: chore("tasklane_channel_rules"),
  url: (ctx: WireContext) => workspaceUrl(ctx),
  links: (ctx: WireContext) => linksOf(workspaceUrl(ctx), LINKS),
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "date_created",
    "date_updated",
    "default_activity_name",
    "default_activity_sid",
    "event_callback_url",
    "events_filter",
    "friendly_name",
    "multi_task_enabled",
    "sid",
    "timeout_activity_name",
    "timeout_activity_sid",
    "prioritize_queue_order",
    "tasklane_max_assigned",
    "tasklane_max_assigned_action",
    "tasklane_channel_rules",
    "url",
    "links",
  ],
  sdk: [
    "account_sid",
    "sid",
    "friendly_name",
    "default_activity_sid",
    "default_activity_name",
    "timeout_activity_sid",
    "timeout_activity_name",
    "multi_task_enabled",
    "prioritize_queue_order",
    "date_created",
    "date_updated",
  ],
};

export function serializeWorkspace(ctx: WireContext): WireObject {
  return render(ctx, FIELDS, KEYS, ctx.view.workspace, undefined);
}

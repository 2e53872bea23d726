/**
 * A WorkerChannel in both dialects. REST's `available` is derived by the engine's view (can the
 * worker take a task on this channel now); the SDK's is the channel's own switch (WorkerChannel
 * Available) as 0/1, beside `last_reserved_time` in epoch ms.
 */
import type { WorkerChannel } from "../../domain/entities.ts";
import {
  COMMON_FIELDS,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";

const stateOf = (ctx: WireContext, c: WorkerChannel) => ctx.view.workerChannelState(c);

const FIELDS = {
  ...COMMON_FIELDS,
  assigned_tasks: (ctx: WireContext, c: WorkerChannel) => stateOf(ctx, c).assignedTasks,
  available: (ctx: WireContext, c: WorkerChannel) => stateOf(ctx, c).available,
  available_capacity_percentage: (ctx: WireContext, c: WorkerChannel) =>
    stateOf(ctx, c).availableCapacityPercentage,
  configured_capacity: (_: WireContext, c: WorkerChannel) => c.configuredCapacity,
  date_created: (ctx: WireContext, c: WorkerChannel) => wireDate(ctx, c.dateCreated),
  date_updated: (ctx: WireContext, c: WorkerChannel) => wireDate(ctx, c.dateUpdated),
  sid: (_: WireContext, c: WorkerChannel) => c.sid,
  task_channel_sid: (_: WireContext, c: WorkerChannel) => c.taskChannelSid,
  task_channel_unique_name: (_: WireContext, c: WorkerChannel) => c.taskChannelUniqueName,
  worker_sid: (_: WireContext, c: WorkerChannel) => c.workerSid,
  url: (ctx: WireContext, c: WorkerChannel) => workspaceUrl(ctx, "Workers", c.workerSid, "Channels", c.sid),
  switched_on: (_: WireContext, c: WorkerChannel) => (c.available ? 1 : 0),
  last_reserved_time: (_: WireContext, c: WorkerChannel) => c.lastReservedTime,
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "assigned_tasks",
    "available",
    "available_capacity_percentage",
    "configured_capacity",
    "date_created",
    "date_updated",
    "sid",
    "task_channel_sid",
    "task_channel_unique_name",
    "worker_sid",
    "url",
  ],
  sdk: [
    "account_sid",
    "workspace_sid",
    "sid",
    "worker_sid",
    "task_channel_sid",
    "task_channel_unique_name",
    "configured_capacity",
    "assigned_tasks",
    "available_capacity_percentage",
    ["available", "switched_on"],
    "last_reserved_time",
    "date_created",
    "date_updated",
  ],
};

export function serializeWorkerChannel(ctx: WireContext, c: WorkerChannel): WireObject {
  return render(ctx, FIELDS, KEYS, c, undefined);
}

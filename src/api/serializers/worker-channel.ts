import type { WorkerChannel } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

/** assigned_tasks, available and available_capacity_percentage are derived by the engine's view. */
export function serializeWorkerChannel(ctx: SerializeContext, c: WorkerChannel): WireObject {
  const state = ctx.view.workerChannelState(c);
  return {
    ...commonFields(ctx),
    assigned_tasks: state.assignedTasks,
    available: state.available,
    available_capacity_percentage: state.availableCapacityPercentage,
    configured_capacity: c.configuredCapacity,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    sid: c.sid,
    task_channel_sid: c.taskChannelSid,
    task_channel_unique_name: c.taskChannelUniqueName,
    worker_sid: c.workerSid,
    url: workspaceUrl(ctx, "Workers", c.workerSid, "Channels", c.sid),
  };
}

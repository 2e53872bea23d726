/**
 * The worker SDK's payload dialect ("EB dialect", docs/worker-sdk.md) for workers, activities and
 * worker channels. Unlike the REST representation: dates are epoch seconds (a channel's
 * `last_reserved_time` is epoch ms), mutable objects carry `version`, a channel's `available` is 0/1.
 * The SDK throws (and, inside its socket handler, crashes the process) when a required key is
 * missing, so every key listed in the SDK's descriptors is always present.
 */
import type { Activity, Worker, WorkerChannel } from "../../domain/entities.ts";
import type { WorkspaceView } from "../../engine/view.ts";

export interface DialectContext {
  view: WorkspaceView;
  /** Epoch ms the payload is rendered at (task age). */
  now: number;
}

export type Payload = Record<string, unknown>;

export function epochSeconds(ms: number): number;
export function epochSeconds(ms: number | null): number | null;
export function epochSeconds(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 1000);
}

function common(ctx: DialectContext): { account_sid: string; workspace_sid: string } {
  return { account_sid: ctx.view.workspace.accountSid, workspace_sid: ctx.view.workspace.sid };
}

export function ebWorker(ctx: DialectContext, w: Worker): Payload {
  const activity = ctx.view.activity(w.activitySid);
  return {
    ...common(ctx),
    sid: w.sid,
    friendly_name: w.friendlyName,
    attributes: w.attributes,
    activity_sid: w.activitySid,
    activity_name: activity?.friendlyName ?? null,
    available: activity?.available ?? false,
    date_created: epochSeconds(w.dateCreated),
    date_updated: epochSeconds(w.dateUpdated),
    date_status_changed: epochSeconds(w.dateStatusChanged),
    version: w.version,
  };
}

export function ebActivity(ctx: DialectContext, a: Activity): Payload {
  return {
    ...common(ctx),
    sid: a.sid,
    friendly_name: a.friendlyName,
    available: a.available,
    date_created: epochSeconds(a.dateCreated),
    date_updated: epochSeconds(a.dateUpdated),
  };
}

/** `available` is the channel's own switch (WorkerChannel Available), as 0/1. */
export function ebChannel(ctx: DialectContext, c: WorkerChannel): Payload {
  const state = ctx.view.workerChannelState(c);
  return {
    ...common(ctx),
    sid: c.sid,
    worker_sid: c.workerSid,
    task_channel_sid: c.taskChannelSid,
    task_channel_unique_name: c.taskChannelUniqueName,
    configured_capacity: c.configuredCapacity,
    assigned_tasks: state.assignedTasks,
    available_capacity_percentage: state.availableCapacityPercentage,
    available: c.available ? 1 : 0,
    last_reserved_time: c.lastReservedTime,
    date_created: epochSeconds(c.dateCreated),
    date_updated: epochSeconds(c.dateUpdated),
  };
}

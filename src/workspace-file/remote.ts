/**
 * What a server holds for one Workspace, read through the REST API, with SIDs; and the same as a
 * spec with names (what export writes and plan compares against).
 */
import type { JsonObject, JsonValue } from "../domain/entities.ts";
import { ApiError, pool, type TaskRouterApi } from "./api.ts";
import type { WorkspaceSpec } from "./spec.ts";

export interface RemoteWorkspace {
  sid: string;
  settings: JsonObject;
  activities: JsonObject[];
  task_channels: JsonObject[];
  task_queues: JsonObject[];
  workflows: JsonObject[];
  /** Fetched one by one (lists hide attributes); empty unless asked for. */
  workers: JsonObject[];
  /** Each worker's WorkerChannels, by worker SID (read with the workers). */
  worker_channels: Record<string, JsonObject[]>;
}

export type ReadProgress = (done: number, total: number) => void;

const str = (v: JsonValue | undefined): string => (typeof v === "string" ? v : "");

/** The Workspace named `nameOrSid` (a WS SID or a friendly name), or null when there is none. */
export async function findWorkspace(api: TaskRouterApi, nameOrSid: string): Promise<JsonObject | null> {
  if (/^WS[0-9a-fA-F]{32}$/.test(nameOrSid)) {
    try {
      return await api.get(`/v1/Workspaces/${nameOrSid}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }
  const all = await api.list(`/v1/Workspaces?FriendlyName=${encodeURIComponent(nameOrSid)}`, "workspaces");
  const named = all.filter((w) => w.friendly_name === nameOrSid);
  if (named.length > 1) {
    throw new Error(
      `${named.length} Workspaces are named "${nameOrSid}" (${named.map((w) => str(w.sid)).join(", ")}): name one by its SID`,
    );
  }
  return named[0] ?? null;
}

export async function readRemote(
  api: TaskRouterApi,
  settings: JsonObject,
  options: { workers: boolean; progress?: ReadProgress },
): Promise<RemoteWorkspace> {
  const sid = str(settings.sid);
  const base = `/v1/Workspaces/${sid}`;
  const [activities, task_channels, task_queues, workflows, workerList] = await Promise.all([
    api.list(`${base}/Activities?PageSize=1000`, "activities"),
    api.list(`${base}/TaskChannels?PageSize=1000`, "channels"),
    api.list(`${base}/TaskQueues?PageSize=1000`, "task_queues"),
    api.list(`${base}/Workflows?PageSize=1000`, "workflows"),
    options.workers ? api.list(`${base}/Workers?PageSize=1000`, "workers") : Promise.resolve([]),
  ]);
  let done = 0;
  const worker_channels: Record<string, JsonObject[]> = {};
  const workers = await pool(workerList, 16, async (w) => {
    const path = `${base}/Workers/${str(w.sid)}`;
    const [full, channels] = await Promise.all([
      api.get(path),
      api.list(`${path}/Channels?PageSize=1000`, "channels"),
    ]);
    worker_channels[str(w.sid)] = channels;
    options.progress?.(++done, workerList.length);
    return full;
  });
  return { sid, settings, activities, task_channels, task_queues, workflows, workers, worker_channels };
}

function parseJson(text: JsonValue | undefined): JsonObject {
  if (typeof text !== "string" || text === "") return {};
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** Replaces each routing target's `queue` SID by the queue's name (or the reverse, with `rename`). */
export function mapQueues(configuration: JsonObject, rename: (queue: string) => string): JsonObject {
  const copy = structuredClone(configuration);
  const routing = copy.task_routing;
  if (routing === null || typeof routing !== "object" || Array.isArray(routing)) return copy;
  const fix = (target: JsonValue | undefined) => {
    if (target !== null && typeof target === "object" && !Array.isArray(target)) {
      if (typeof target.queue === "string") target.queue = rename(target.queue);
    }
  };
  const filters = routing.filters;
  if (Array.isArray(filters)) {
    for (const f of filters) {
      if (f !== null && typeof f === "object" && !Array.isArray(f) && Array.isArray(f.targets))
        for (const t of f.targets) fix(t);
    }
  }
  fix(routing.default_filter);
  return copy;
}

function choreAction(v: JsonValue | undefined): "flag" | "complete" | "cancel" {
  return v === "complete" || v === "cancel" ? v : "flag";
}

/** tasklane_channel_rules: the server's JSON string as nested data (null when none). */
function channelRules(text: JsonValue | undefined): { while: string; block: string[] }[] | null {
  if (typeof text !== "string" || text === "") return null;
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return null;
  return value.map((r: { while?: unknown; block?: unknown }) => ({
    while: String(r.while),
    block: Array.isArray(r.block) ? r.block.map(String) : [],
  }));
}

/** The server's Workspace as a spec: names for SIDs, every field written out. */
export function remoteToSpec(remote: RemoteWorkspace): Required<WorkspaceSpec> {
  const activityName = new Map(remote.activities.map((a) => [str(a.sid), str(a.friendly_name)]));
  const queueName = new Map(remote.task_queues.map((q) => [str(q.sid), str(q.friendly_name)]));
  const activity = (sid: JsonValue | undefined) =>
    typeof sid === "string" ? (activityName.get(sid) ?? sid) : null;
  const s = remote.settings;
  return {
    workspace: {
      friendly_name: str(s.friendly_name),
      event_callback_url: typeof s.event_callback_url === "string" ? s.event_callback_url : null,
      events_filter: typeof s.events_filter === "string" ? s.events_filter : null,
      multi_task_enabled: s.multi_task_enabled === true,
      prioritize_queue_order: s.prioritize_queue_order === "LIFO" ? "LIFO" : "FIFO",
      default_activity: activity(s.default_activity_sid) ?? "",
      timeout_activity: activity(s.timeout_activity_sid) ?? "",
      tasklane_max_assigned: typeof s.tasklane_max_assigned === "number" ? s.tasklane_max_assigned : null,
      tasklane_max_assigned_action: choreAction(s.tasklane_max_assigned_action),
      tasklane_channel_rules: channelRules(s.tasklane_channel_rules),
    },
    activities: remote.activities.map((a) => ({
      friendly_name: str(a.friendly_name),
      available: a.available === true,
    })),
    task_channels: remote.task_channels.map((c) => ({
      unique_name: str(c.unique_name),
      friendly_name: str(c.friendly_name),
      channel_optimized_routing: c.channel_optimized_routing === true,
      tasklane_wrap_up_limit: typeof c.tasklane_wrap_up_limit === "number" ? c.tasklane_wrap_up_limit : null,
    })),
    task_queues: remote.task_queues.map((q) => ({
      friendly_name: str(q.friendly_name),
      target_workers: str(q.target_workers),
      max_reserved_workers: typeof q.max_reserved_workers === "number" ? q.max_reserved_workers : 1,
      task_order: q.task_order === "LIFO" ? "LIFO" : "FIFO",
      reservation_activity: activity(q.reservation_activity_sid),
      assignment_activity: activity(q.assignment_activity_sid),
    })),
    workflows: remote.workflows.map((w) => ({
      friendly_name: str(w.friendly_name),
      configuration: mapQueues(parseJson(w.configuration), (sid) => queueName.get(sid) ?? sid),
      assignment_callback_url:
        typeof w.assignment_callback_url === "string" ? w.assignment_callback_url : null,
      fallback_assignment_callback_url:
        typeof w.fallback_assignment_callback_url === "string" ? w.fallback_assignment_callback_url : null,
      task_reservation_timeout:
        typeof w.task_reservation_timeout === "number" ? w.task_reservation_timeout : 120,
    })),
    workers: remote.workers.map((w) => ({
      friendly_name: str(w.friendly_name),
      attributes: parseJson(w.attributes),
      activity: activity(w.activity_sid) ?? "",
      channels: capacities(
        (remote.worker_channels[str(w.sid)] ?? []).map((c) => [
          str(c.task_channel_unique_name),
          c.configured_capacity,
        ]),
      ),
    })),
  };
}

/**
 * What a Workspace holds the moment TaskRouter creates it (Activities Offline, Available and
 * Unavailable, Offline the default and timeout activity; TaskChannels default, voice, sms, chat,
 * video), for planning a Workspace that does not exist yet. SIDs are placeholders.
 */
export function newWorkspace(friendlyName: string): RemoteWorkspace {
  const activity = (name: string, available: boolean) => ({
    sid: `new:${name}`,
    friendly_name: name,
    available,
  });
  const channel = (unique: string, friendly: string) => ({
    sid: `new:${unique}`,
    unique_name: unique,
    friendly_name: friendly,
    channel_optimized_routing: false,
  });
  return {
    sid: "",
    settings: {
      friendly_name: friendlyName,
      event_callback_url: null,
      events_filter: null,
      multi_task_enabled: true,
      prioritize_queue_order: "FIFO",
      default_activity_sid: "new:Offline",
      timeout_activity_sid: "new:Offline",
    },
    activities: [activity("Offline", false), activity("Available", true), activity("Unavailable", false)],
    task_channels: [
      channel("default", "Default"),
      channel("voice", "Voice"),
      channel("sms", "SMS"),
      channel("chat", "Chat"),
      channel("video", "Video"),
    ],
    task_queues: [],
    workflows: [],
    workers: [],
    worker_channels: {},
  };
}

/** Channel capacities that differ from TaskRouter's default of 1, sorted by channel. */
export function capacities(
  entries: Iterable<[string, JsonValue | undefined]>,
): Record<string, { configured_capacity: number }> {
  const out: Record<string, { configured_capacity: number }> = {};
  for (const [channel, capacity] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (typeof capacity === "number" && capacity !== 1) out[channel] = { configured_capacity: capacity };
  return out;
}

/**
 * apply: runs a plan through the REST API in its order, resolving names to SIDs as it goes (an
 * Activity created a moment ago can be a queue's assignment activity). Workers, the only section
 * that runs into thousands, go several requests at a time; everything else one by one. The first
 * refused request stops the run: what was done stays done, and a new plan shows what is left.
 */
import type { JsonObject, JsonValue } from "../domain/entities.ts";
import { ApiError, type Form, pool, type TaskRouterApi } from "./api.ts";
import { jsonEqual } from "./equal.ts";
import { type Change, makePlan, type Plan } from "./plan.ts";
import type { ParsedFile } from "./read-file.ts";
import { findWorkspace, mapQueues, type RemoteWorkspace, readRemote } from "./remote.ts";
import { LABEL } from "./render.ts";
import { formatProblem, type Problem, WorkspaceFileError } from "./source.ts";

const WORKER_CONCURRENCY = 8;

/** File field → REST parameter. */
const PARAM: Record<string, string> = {
  friendly_name: "FriendlyName",
  unique_name: "UniqueName",
  available: "Available",
  channel_optimized_routing: "ChannelOptimizedRouting",
  event_callback_url: "EventCallbackUrl",
  events_filter: "EventsFilter",
  multi_task_enabled: "MultiTaskEnabled",
  prioritize_queue_order: "PrioritizeQueueOrder",
  default_activity: "DefaultActivitySid",
  timeout_activity: "TimeoutActivitySid",
  target_workers: "TargetWorkers",
  max_reserved_workers: "MaxReservedWorkers",
  task_order: "TaskOrder",
  reservation_activity: "ReservationActivitySid",
  assignment_activity: "AssignmentActivitySid",
  configuration: "Configuration",
  assignment_callback_url: "AssignmentCallbackUrl",
  fallback_assignment_callback_url: "FallbackAssignmentCallbackUrl",
  task_reservation_timeout: "TaskReservationTimeout",
  attributes: "Attributes",
  activity: "ActivitySid",
  tasklane_wrap_up_limit: "TasklaneWrapUpLimit",
  tasklane_max_assigned: "TasklaneMaxAssigned",
  tasklane_max_assigned_action: "TasklaneMaxAssignedAction",
  tasklane_channel_rules: "TasklaneChannelRules",
};

const PATH: Record<Change["resource"], string> = {
  workspace: "",
  activities: "/Activities",
  task_channels: "/TaskChannels",
  task_queues: "/TaskQueues",
  workflows: "/Workflows",
  workers: "/Workers",
};

export class ApplyError extends Error {
  override readonly name = "ApplyError";
  constructor(
    readonly problem: Problem,
    readonly file: string,
    readonly done: number,
  ) {
    super(formatProblem(file, problem));
  }
}

/** Name → SID for the references a form may need, kept current while apply creates things. */
class Names {
  readonly activities = new Map<string, string>();
  readonly queues = new Map<string, string>();

  constructor(remote: RemoteWorkspace) {
    for (const a of remote.activities)
      this.activities.set(String(a.friendly_name).toLowerCase(), String(a.sid));
    for (const q of remote.task_queues) this.queues.set(String(q.friendly_name), String(q.sid));
  }

  activity(name: JsonValue): string {
    return this.activities.get(String(name).toLowerCase()) ?? String(name);
  }

  learn(change: Change, created: JsonObject): void {
    if (change.resource === "activities") this.activities.set(change.name.toLowerCase(), String(created.sid));
    if (change.resource === "task_queues") this.queues.set(change.name, String(created.sid));
  }
}

function formOf(change: Change, names: Names): Form {
  const form: Form = {};
  for (const { field, to } of change.fields) {
    const param = PARAM[field];
    // On create a null is TaskRouter's default: send nothing. On update "" clears the field.
    if (param === undefined || (to === null && change.action === "create")) continue;
    if (field.endsWith("activity")) form[param] = to === null ? "" : names.activity(to);
    else if (field === "configuration")
      form[param] = JSON.stringify(mapQueues(to as JsonObject, (q) => names.queues.get(q) ?? q));
    else if (field === "attributes") form[param] = JSON.stringify(to);
    else if (to === null) form[param] = "";
    else if (typeof to === "object") form[param] = JSON.stringify(to);
    else form[param] = to;
  }
  return form;
}

/** Sets each of a worker's channels to its capacity in the file (1 when the file leaves it out). */
async function setCapacities(api: TaskRouterApi, workerUrl: string, wanted: JsonValue): Promise<void> {
  const want = (unique: string): number => {
    const entry =
      wanted !== null && typeof wanted === "object" && !Array.isArray(wanted) ? wanted[unique] : undefined;
    const capacity =
      entry !== null && typeof entry === "object" && !Array.isArray(entry)
        ? entry.configured_capacity
        : undefined;
    return typeof capacity === "number" ? capacity : 1;
  };
  for (const channel of await api.list(`${workerUrl}/Channels?PageSize=1000`, "channels")) {
    const capacity = want(String(channel.task_channel_unique_name));
    if (channel.configured_capacity !== capacity)
      await api.post(`${workerUrl}/Channels/${String(channel.sid)}`, { Capacity: capacity });
  }
}

/** The file position for a refused change: the field the server named, else the entry. */
function problemFor(parsed: ParsedFile, change: Change, error: unknown): Problem {
  const text = error instanceof ApiError ? error.describe() : String(error);
  const field = change.fields.find(
    (f) => PARAM[f.field] !== undefined && text.includes(PARAM[f.field] ?? ""),
  );
  const path = change.path === null ? [change.resource] : field ? [...change.path, field.field] : change.path;
  const what = `${change.action} ${LABEL[change.resource]} ${JSON.stringify(change.name)}`;
  return parsed.source.problem(path, `the server refused to ${what}: ${text}`);
}

export interface ApplyResult {
  workspaceSid: string;
  createdWorkspace: boolean;
  /** The plan that was run (against the new Workspace when apply created it). */
  plan: Plan;
}

export interface ApplyOptions {
  prune: boolean;
  progress?: (done: number, total: number) => void;
  /** Workers read so far (they are fetched one by one). */
  reading?: (done: number, total: number) => void;
}

async function run(
  api: TaskRouterApi,
  parsed: ParsedFile,
  remote: RemoteWorkspace,
  plan: Plan,
  progress: ApplyOptions["progress"],
): Promise<void> {
  const names = new Names(remote);
  const base = `/v1/Workspaces/${remote.sid}`;
  const total = plan.changes.length;
  let done = 0;
  let failed: ApplyError | null = null;
  const one = async (change: Change) => {
    if (failed) return;
    const url = `${base}${PATH[change.resource]}${change.action === "create" ? "" : change.resource === "workspace" ? "" : `/${change.sid}`}`;
    try {
      if (change.action === "delete") await api.delete(url);
      else {
        const form = formOf(change, names);
        if (change.action === "create")
          form[PARAM[change.resource === "task_channels" ? "unique_name" : "friendly_name"] ?? ""] =
            change.name;
        let sid = change.sid;
        if (change.action === "create" || Object.keys(form).length > 0) {
          const result = await api.post(url, form);
          if (change.action === "create") names.learn(change, result);
          sid = String(result.sid);
        }
        const channels = change.fields.find((f) => f.field === "channels");
        const defaults = change.action === "create" && jsonEqual(channels?.to, {});
        if (channels !== undefined && !defaults)
          await setCapacities(api, `${base}/Workers/${sid}`, channels.to);
      }
    } catch (error) {
      failed ??= new ApplyError(problemFor(parsed, change, error), parsed.source.file, done);
      return;
    }
    progress?.(++done, total);
  };
  const changes = plan.changes;
  for (let i = 0; i < changes.length && !failed; ) {
    const change = changes[i] as Change;
    if (change.resource !== "workers") {
      await one(change);
      i++;
      continue;
    }
    let j = i;
    while (j < changes.length && changes[j]?.resource === "workers" && changes[j]?.action === change.action)
      j++;
    await pool(changes.slice(i, j), WORKER_CONCURRENCY, one);
    i = j;
  }
  if (failed) throw failed;
}

/** Makes the server match the file; creates the Workspace first when it does not exist. */
export async function applyFile(
  api: TaskRouterApi,
  parsed: ParsedFile,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const name = parsed.spec.workspace.friendly_name;
  let settings = await findWorkspace(api, name);
  let createdWorkspace = false;
  if (settings === null) {
    const first = makePlan({ ...parsed, remote: null, prune: true });
    // Refuse a file with problems before anything exists on the server.
    if (first.problems.length > 0) throw new WorkspaceFileError(parsed.source.file, first.problems);
    const create = first.changes[0];
    if (create === undefined) throw new Error("a plan for a new Workspace starts with its creation");
    const form: Form = { FriendlyName: name };
    for (const f of create.fields)
      if (PARAM[f.field])
        form[PARAM[f.field] ?? ""] = f.to === null ? "" : (f.to as string | number | boolean);
    try {
      settings = await api.post("/v1/Workspaces", form);
    } catch (error) {
      throw new ApplyError(problemFor(parsed, create, error), parsed.source.file, 0);
    }
    createdWorkspace = true;
  }
  const remote = await readRemote(api, settings, {
    workers: parsed.spec.workers !== undefined,
    ...(options.reading ? { progress: options.reading } : {}),
  });
  // A Workspace made just now holds only the server's defaults: prune them so it matches the file.
  const plan = makePlan({ ...parsed, remote, prune: options.prune || createdWorkspace });
  if (plan.problems.length > 0) throw new WorkspaceFileError(parsed.source.file, plan.problems);
  await run(api, parsed, remote, plan, options.progress);
  return { workspaceSid: remote.sid, createdWorkspace, plan };
}

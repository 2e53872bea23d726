/**
 * Eligibility of one worker for one task at its current step. A worker is eligible when it is in
 * the step's queue, it is available on the task's channel with free capacity (the available-set
 * membership says so), it does not already hold a pending reservation for the task, it is the
 * known worker when the step names one, and it matches the step's target `expression`.
 */
import type { JsonObject, Task, Worker } from "../../domain/entities.ts";
import type { CompiledExpression } from "../../expression/index.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import type { TargetConfig } from "../workflow/config.ts";

/** The routing step a task currently sits in (a bare queue target when routed to a queue directly). */
export function currentTarget(s: WorkspaceState, task: Task): TargetConfig | null {
  const pos = task.routing;
  if (!pos || !task.taskQueueSid) return null;
  if (pos.filterIndex === null) return bareTarget(task.taskQueueSid);
  const config = task.workflowSid ? s.workflowConfigs.get(task.workflowSid) : null;
  const target =
    pos.filterIndex === -1
      ? pos.targetIndex === 0
        ? config?.defaultFilter
        : undefined
      : config?.filters[pos.filterIndex]?.targets[pos.targetIndex];
  // A workflow updated without ReEvaluateTasks may no longer have this step: keep the task in its
  // queue as a plain final step.
  return target && target.queueSid === task.taskQueueSid ? target : bareTarget(task.taskQueueSid);
}

export function bareTarget(queueSid: string): TargetConfig {
  return {
    queueSid,
    priority: null,
    timeout: null,
    expression: null,
    orderBy: null,
    skipIf: null,
    knownWorker: null,
  };
}

/**
 * The worker view expressions read as `worker.*`: attributes plus built-in fields and channels.
 * `withChannels` false leaves out `channel` (per-channel capacity figures, the costly part) for an
 * expression that never reads `worker.channel` (see readsWorkerChannels).
 */
export function workerView(s: WorkspaceState, worker: Worker, withChannels = true): JsonObject {
  if (!withChannels) return cachedBaseView(s, worker);
  const base = baseView(s, worker);
  const channel: JsonObject = {};
  for (const wc of s.channelsOf(worker.sid)?.values() ?? []) {
    const state = s.workerChannelState(wc);
    channel[wc.taskChannelUniqueName] = {
      configured_capacity: wc.configuredCapacity,
      assigned_tasks: state.assignedTasks,
      available_capacity_percentage: state.availableCapacityPercentage,
    };
  }
  base.channel = channel;
  return base;
}

function baseView(s: WorkspaceState, worker: Worker): JsonObject {
  return {
    ...worker.attrs,
    sid: worker.sid,
    friendly_name: worker.friendlyName,
    activity_sid: worker.activitySid,
    activity_name: s.activitiesById.get(worker.activitySid)?.friendlyName ?? null,
  };
}

interface CachedView {
  readonly attrs: JsonObject;
  readonly friendlyName: string;
  readonly activitySid: string;
  readonly activityName: string | null;
  readonly view: JsonObject;
}

/** Views without channels, reused while what they show is unchanged (expressions only read them). */
const baseViews = new WeakMap<Worker, CachedView>();

function cachedBaseView(s: WorkspaceState, worker: Worker): JsonObject {
  const activityName = s.activitiesById.get(worker.activitySid)?.friendlyName ?? null;
  const hit = baseViews.get(worker);
  if (
    hit &&
    hit.attrs === worker.attrs &&
    hit.friendlyName === worker.friendlyName &&
    hit.activitySid === worker.activitySid &&
    hit.activityName === activityName
  )
    return hit.view;
  const view = baseView(s, worker);
  baseViews.set(worker, {
    attrs: worker.attrs,
    friendlyName: worker.friendlyName,
    activitySid: worker.activitySid,
    activityName,
    view,
  });
  return view;
}

const channelReaders = new WeakMap<CompiledExpression, boolean>();

/** Does the target expression read `worker.channel…`? (Its paths list every key it reads.) */
export function readsWorkerChannels(expr: CompiledExpression): boolean {
  let reads = channelReaders.get(expr);
  if (reads === undefined) {
    reads = expr.paths.some((p) => p[0] === "worker" && (p.length === 1 || p[1] === "channel"));
    channelReaders.set(expr, reads);
  }
  return reads;
}

/**
 * The known worker of the step: undefined when the step names none, null when the task attribute
 * is missing/null or names no worker of this workspace (the task then waits in the step).
 */
export function knownWorkerSid(
  s: WorkspaceState,
  task: Task,
  target: TargetConfig,
): string | null | undefined {
  if (!target.knownWorker) return undefined;
  let value: unknown = task.attrs;
  for (const key of target.knownWorker.path) {
    value =
      value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as JsonObject)[key]
        : undefined;
  }
  if (typeof value !== "string") return null;
  if (target.knownWorker.by === "sid") return s.workersById.has(value) ? value : null;
  return s.workerByName.get(value.toLowerCase()) ?? null;
}

/**
 * The worker already has the task: a pending reservation of it, or an accepted one (the holder of a
 * task being transferred to a queue, docs/transfers.md). A wrapping reservation does not count: a
 * COLD transferor may get the task back.
 */
export function hasPendingReservationWith(s: WorkspaceState, taskSid: string, workerSid: string): boolean {
  for (const sid of s.reservationsByTask.get(taskSid) ?? []) {
    const r = s.reservationsById.get(sid);
    if (
      r &&
      r.workerSid === workerSid &&
      (r.reservationStatus === "pending" || r.reservationStatus === "accepted")
    )
      return true;
  }
  return false;
}

export function matchesTarget(
  s: WorkspaceState,
  task: Task,
  target: TargetConfig,
  worker: Worker,
  now: number,
): boolean {
  if (!target.expression || target.expression.alwaysTrue) return true;
  s.metrics.targetEvaluations++;
  const expr = target.expression;
  return expr.matches(
    { task: task.attrs, worker: workerView(s, worker, readsWorkerChannels(expr)) },
    { now },
  );
}

/** Full check for a worker already known to be available on the task's channel in the queue. */
export function isEligible(
  s: WorkspaceState,
  task: Task,
  target: TargetConfig,
  worker: Worker,
  now: number,
): boolean {
  s.metrics.candidatesExamined++;
  if (hasPendingReservationWith(s, task.sid, worker.sid)) return false;
  const known = knownWorkerSid(s, task, target);
  if (known === null || (known !== undefined && known !== worker.sid)) return false;
  return matchesTarget(s, task, target, worker, now);
}

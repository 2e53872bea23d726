/**
 * Workflow routing policy: which step a task goes to next. The positions and the moves between them
 * (and the only setter of Task.routing) are the workflow-step machine, machines/workflow-step.ts.
 *
 *   enter workflow -> first filter whose expression matches the task -> its target 0
 *   target k: file the task in the target's queue (priority override), try to reserve at once;
 *     - reservation made -> stay (the task is reserved);
 *     - none, and skip_if true -> target k+1 (evaluated once, only here);
 *     - none otherwise -> wait in the queue.
 *   step deadline reached (task age >= deadline) -> target k+1 of the same filter; after the last
 *     target, the next MATCHING filter below; with none, the task falls out: workflow.timeout and
 *     the task is canceled.
 *   skipping past the last target counts as not matching the filter: the walk goes on with the next
 *     matching filter and may still reach default_filter; without any, workflow.skipped + cancel.
 *   default_filter is used only when no filter matched or every matched one was skipped, never
 *     after a timeout.
 *
 * Deadlines are task ages, cumulative: entering target k+1 by timeout or skip sets its deadline to
 * (deadline of k, or the current age when k had none) + timeout(k+1); the first target of a filter
 * starts from the current age. A deadline passing while the task is reserved is acted on when the
 * task returns to pending. Routing directly to a queue is a single final step; directly to a worker
 * uses no queue at all.
 */
import type { Task } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { openReservation } from "../machines/offer.ts";
import { cancelTask, emitTask } from "../machines/task.ts";
import { leaveWorkflow, moveStep, type StepMove } from "../machines/workflow-step.ts";
import { directWorkerOf } from "../state/index-sync.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import type { FilterConfig, TargetConfig, WorkflowConfig } from "../workflow/config.ts";
import { currentTarget } from "./eligibility.ts";
import { drainQueue, offerWorker, reserveForTask } from "./matching.ts";

function ageMs(ctx: Ctx, task: Task): number {
  return ctx.now - task.dateCreated;
}

function configOf(ctx: Ctx, task: Task): WorkflowConfig | null {
  return task.workflowSid ? (ctx.s.workflowConfigs.get(task.workflowSid) ?? null) : null;
}

export function targetAt(
  config: WorkflowConfig,
  filterIndex: number,
  targetIndex: number,
): TargetConfig | undefined {
  if (filterIndex === -1) return targetIndex === 0 ? (config.defaultFilter ?? undefined) : undefined;
  return config.filters[filterIndex]?.targets[targetIndex];
}

/** A filter's expression against the task's attributes at `now` (time-of-day variables). */
export function filterMatches(filter: FilterConfig, task: Task, now: number): boolean {
  return filter.expression.alwaysTrue || filter.expression.matches(task.attrs, { now });
}

/**
 * The step deadline (task age, ms) of target `target` of filter `filterIndex` entered with
 * `base`: cumulative; null for a final step and for the default filter.
 */
export function stepDeadlineOf(target: TargetConfig, filterIndex: number, base: number): number | null {
  return target.timeout !== null && filterIndex !== -1 ? base + target.timeout * 1000 : null;
}

/** Start routing a task: a new task, a pending task whose attributes changed, ReEvaluateTasks. */
export function routeNewTask(ctx: Ctx, task: Task): void {
  const direct = directWorkerOf(task);
  if (direct) {
    moveStep(ctx, task, "direct", null);
    tryDirect(ctx, task);
    return;
  }
  if (task.routing?.filterIndex === null && task.taskQueueSid) {
    // Routed straight to a queue: one final step.
    const final = { filterIndex: null, targetIndex: 0, stepDeadline: null, skipChecked: true };
    moveStep(ctx, task, "queue", final, task.taskQueueSid);
    reserveForTask(ctx, task);
    return;
  }
  const config = configOf(ctx, task);
  emitTask(ctx, "workflow.entered", task, `Task ${task.sid} entered Workflow`);
  if (!config) return;
  walkFilters(ctx, task, config, 0, false);
}

function tryDirect(ctx: Ctx, task: Task): void {
  const workerSid = directWorkerOf(task);
  const worker = workerSid ? ctx.s.workersById.get(workerSid) : undefined;
  if (!worker || task.assignmentStatus !== "pending" || ctx.s.indexes.holds.has(task.sid)) return;
  if (task.ignoreCapacity || ctx.s.canTakeOn(worker.sid, task.taskChannelSid))
    openReservation(ctx, task, worker, null);
}

/**
 * Try filters from `from` on. `timedOut`: the walk started from a timeout, so default_filter is out
 * and falling out of the workflow is a workflow.timeout rather than a workflow.skipped.
 */
function walkFilters(ctx: Ctx, task: Task, config: WorkflowConfig, from: number, timedOut: boolean): void {
  for (let i = from; i < config.filters.length; i++) {
    const filter = config.filters[i];
    if (!filter) continue;
    if (!filterMatches(filter, task, ctx.now)) continue;
    if (enterStep(ctx, task, config, i, 0, ageMs(ctx, task), timedOut ? "timeout" : "enter")) return;
  }
  if (!timedOut && config.defaultFilter && enterStep(ctx, task, config, -1, 0, ageMs(ctx, task), "enter"))
    return;
  fallOut(ctx, task, timedOut);
}

function fallOut(ctx: Ctx, task: Task, timedOut: boolean): void {
  leaveWorkflow(ctx, task);
  if (timedOut) {
    emitTask(ctx, "workflow.timeout", task, `Task ${task.sid} timed out of its Workflow`);
    cancelTask(ctx, task, "Workflow Timeout");
  } else {
    emitTask(ctx, "workflow.skipped", task, `Task ${task.sid} skipped out of its Workflow`);
    cancelTask(ctx, task, "Workflow Skipped");
  }
}

/**
 * Enter target `targetIndex` of filter `filterIndex` (-1 = default filter), following skip_if.
 * `base`: the age the next deadline counts from; `move`: how the first target is entered (later
 * ones are entered by skip). Returns false when skip_if ran past the last target.
 */
function enterStep(
  ctx: Ctx,
  task: Task,
  config: WorkflowConfig,
  filterIndex: number,
  targetIndex: number,
  base: number,
  move: StepMove,
): boolean {
  for (let k = targetIndex; ; k++) {
    const target = targetAt(config, filterIndex, k);
    if (!target) return false;
    const deadline = stepDeadlineOf(target, filterIndex, base);
    const position = { filterIndex, targetIndex: k, stepDeadline: deadline, skipChecked: false };
    // Not re-filed by the move: a pending task that gets a reservation here is re-filed by its
    // status change (pending -> reserved); otherwise it is re-filed just below, before anything else.
    const pending = task.assignmentStatus === "pending";
    moveStep(ctx, task, k === targetIndex ? move : "skip", position, target.queueSid, target.priority, false);
    const made = reserveForTask(ctx, task);
    if (made === 0 || !pending) ctx.s.refileTask(task);
    if (made > 0) return true;
    if (!target.skipIf) return true;
    moveStep(ctx, task, "checked", { ...position, skipChecked: true });
    if (!skipIfFires(ctx.s, target, ctx.now)) return true;
    base = deadline ?? ageMs(ctx, task);
  }
}

/** The target's skip_if is set and true now (variables: skipCounts of its queue). */
export function skipIfFires(s: WorkspaceState, target: TargetConfig, now: number): boolean {
  return target.skipIf?.matches({ workers: skipCounts(s, target) }, { now }) ?? false;
}

/** skip_if's `workers.*` variables: members of the target's queue by activity and availability. */
export function skipCounts(s: WorkspaceState, target: TargetConfig): Record<string, number> {
  const counts: Record<string, number> = { available: 0, unavailable: 0 };
  for (const [activitySid, n] of s.indexes.membership.countsByActivity(target.queueSid)) {
    counts[activitySid] = n;
    const key = s.activitiesById.get(activitySid)?.available ? "available" : "unavailable";
    counts[key] = (counts[key] ?? 0) + n;
  }
  return counts;
}

/** The current step's deadline passed (timer, or noticed when the task came back to pending). */
export function stepTimedOut(ctx: Ctx, task: Task): void {
  const pos = task.routing;
  const config = configOf(ctx, task);
  if (!pos || pos.filterIndex === null || pos.stepDeadline === null || !config) return;
  emitTask(ctx, "task-queue.timeout", task, `Task ${task.sid} timed out of TaskQueue`);
  const next = targetAt(config, pos.filterIndex, pos.targetIndex + 1);
  if (next && enterStep(ctx, task, config, pos.filterIndex, pos.targetIndex + 1, pos.stepDeadline, "timeout"))
    return;
  walkFilters(ctx, task, config, pos.filterIndex === -1 ? config.filters.length : pos.filterIndex + 1, true);
}

/** A pending task is tried again where it is (after a reservation ended). */
export function resumeTask(ctx: Ctx, task: Task, reentered: boolean): void {
  if (task.assignmentStatus !== "pending" && task.assignmentStatus !== "reserved") return;
  if (directWorkerOf(task)) {
    tryDirect(ctx, task);
    return;
  }
  const pos = task.routing;
  if (!pos) return;
  if (
    task.assignmentStatus === "pending" &&
    pos.stepDeadline !== null &&
    ageMs(ctx, task) >= pos.stepDeadline
  ) {
    stepTimedOut(ctx, task);
    return;
  }
  if (reentered && task.assignmentStatus === "pending" && currentTarget(ctx.s, task)) {
    emitTask(ctx, "task-queue.entered", task, `Task ${task.sid} re-entered TaskQueue`);
  }
  reserveForTask(ctx, task);
}

/** Drain the follow-up work queue (see context.ts). */
export function settle(ctx: Ctx): void {
  for (let item = ctx.nextWork(); item; item = ctx.nextWork()) {
    if (item.kind === "task" || item.kind === "retry") {
      const task = ctx.s.tasksById.get(item.sid);
      if (task) resumeTask(ctx, task, item.kind === "task");
    } else if (item.kind === "route") {
      const task = ctx.s.tasksById.get(item.sid);
      if (task?.assignmentStatus === "pending") routeNewTask(ctx, task);
    } else if (item.kind === "worker") offerWorker(ctx, item.sid);
    else drainQueue(ctx, item.sid);
  }
}

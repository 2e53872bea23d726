/**
 * The workflow-step machine: where a task is in its workflow (Task.routing, a RoutingPosition, and
 * the queue it waits in). Its policy — which filter matches, when skip_if fires, when a step times
 * out — is routing/router.ts; this file holds the positions, the allowed moves and their effects.
 *
 *   position  (filter f, target k) of the workflow; f = -1 is default_filter; f = null is a task
 *             routed straight to a queue (one final step); routing = null is a task routed straight
 *             to a worker, or one not yet routed.
 *
 *   move     from                  to                                   when
 *   enter    anything              (f, 0), any f                        routing starts or restarts
 *                                                                       (create, new attributes,
 *                                                                       ReEvaluateTasks)
 *   skip     (f, k), f not null    (f, k+1)                             skip_if fired
 *   timeout  (f, k), f >= 0        (f, k+1), or (f', 0) with f' > f     step deadline reached; the
 *                                  (never default_filter)               walk to the next matching
 *                                                                       filter goes on as timeout
 *   queue    anything              (null, 0)                            RoutingTarget is a queue
 *   direct   anything              routing = null, no queue             RoutingTarget is a worker
 *   checked  (f, k) skip unchecked (f, k) skip checked                  skip_if was evaluated
 *   return   anything              the step a transfer saved            the transfer's target did
 *                                  (with its queue and entered date)    not take the task (returnStep,
 *                                                                       no event; docs/transfers.md)
 *
 * Effects of entering a step (enter/skip/timeout): the target's priority overrides the task's,
 * `workflow.target-matched`; then for every queued step (with `queue`) the task enters the queue:
 * taskQueueEnteredDate, `task-queue.entered`, and it is filed in the queue's waiting set.
 * `moveStep` is the only setter of Task.routing (the only caller of WorkspaceState.setTaskRouting,
 * with leaveWorkflow and returnStep below); it asserts the table above and throws an IllegalTransition for any
 * other move.
 */
import type { RoutingPosition, SavedStep, Task } from "../../domain/entities.ts";
import { illegalTransition } from "../../domain/errors.ts";
import type { Ctx } from "../context.ts";
import { emitTask } from "./task.ts";

export type StepMove = "enter" | "skip" | "timeout" | "queue" | "direct" | "checked" | "return";

/** The moves of the table above, as predicates over (from, to). */
export const STEP_MOVES: {
  readonly [M in StepMove]: (from: RoutingPosition | null, to: RoutingPosition | null) => boolean;
} = {
  enter: (_from, to) => to !== null && to.filterIndex !== null && to.targetIndex === 0 && !to.skipChecked,
  skip: (from, to) =>
    from !== null &&
    to !== null &&
    from.filterIndex !== null &&
    to.filterIndex === from.filterIndex &&
    to.targetIndex === from.targetIndex + 1 &&
    !to.skipChecked,
  timeout: (from, to) =>
    from !== null &&
    to !== null &&
    from.filterIndex !== null &&
    from.filterIndex >= 0 &&
    to.filterIndex !== null &&
    !to.skipChecked &&
    ((to.filterIndex === from.filterIndex && to.targetIndex === from.targetIndex + 1) ||
      (to.filterIndex > from.filterIndex && to.targetIndex === 0)),
  queue: (_from, to) =>
    to !== null && to.filterIndex === null && to.targetIndex === 0 && to.stepDeadline === null,
  direct: (_from, to) => to === null,
  /** A transfer ended without the target: back to the position it saved (docs/transfers.md). */
  return: () => true,
  checked: (from, to) =>
    from !== null &&
    to !== null &&
    !from.skipChecked &&
    to.skipChecked &&
    to.filterIndex === from.filterIndex &&
    to.targetIndex === from.targetIndex &&
    to.stepDeadline === from.stepDeadline,
};

export function canMoveStep(
  move: StepMove,
  from: RoutingPosition | null,
  to: RoutingPosition | null,
): boolean {
  return STEP_MOVES[move](from, to);
}

function describe(p: RoutingPosition | null): string {
  return p === null ? "none" : `filter ${p.filterIndex ?? "queue"} target ${p.targetIndex}`;
}

/**
 * The only setter of Task.routing. `queueSid`: the queue the new step waits in (enter, skip,
 * timeout, queue); `priority`: the target's priority override, if any. `refile` false (enter,
 * skip, timeout into a queue): the caller tries to reserve at once and then re-files the task
 * itself (routing/router.ts enterStep), so a task reserved at once is never filed in the queue's
 * waiting set only to be taken out again.
 */
export function moveStep(
  ctx: Ctx,
  task: Task,
  move: StepMove,
  to: RoutingPosition | null,
  queueSid: string | null = null,
  priority: number | null = null,
  refile = true,
): void {
  if (!canMoveStep(move, task.routing, to))
    throw illegalTransition(
      "Workflow step of task",
      task.sid,
      describe(task.routing),
      `${describe(to)} (${move})`,
    );
  const s = ctx.s;
  if (move === "checked") {
    s.setTaskRouting(task, to, task.taskQueueSid, task.taskQueueEnteredDate, null);
    return;
  }
  if (move === "direct" || queueSid === null) {
    s.setTaskRouting(task, to, null, task.taskQueueEnteredDate, null);
    return;
  }
  if (move !== "queue") {
    // workflow.target-matched reports the new queue and priority, with the old entered date.
    // Not re-filed: the call below files the task once, at its final position.
    s.setTaskRouting(task, to, queueSid, task.taskQueueEnteredDate, priority, false);
    emitTask(ctx, "workflow.target-matched", task, `Task ${task.sid} matched a Workflow target`);
  }
  s.setTaskRouting(task, to, queueSid, ctx.now, null, refile);
  ctx.touch("task", task);
  emitTask(ctx, "task-queue.entered", task, `Task ${task.sid} entered TaskQueue`);
}

/**
 * Transfer row: the task goes back to the step and queue a transfer saved when it started (the
 * target did not take it), without events: the task did not enter anything new.
 */
export function returnStep(ctx: Ctx, task: Task, saved: SavedStep): void {
  if (!canMoveStep("return", task.routing, saved.routing))
    throw illegalTransition(
      "Workflow step of task",
      task.sid,
      describe(task.routing),
      describe(saved.routing),
    );
  ctx.s.setTaskRouting(task, saved.routing, saved.taskQueueSid, saved.taskQueueEnteredDate, null);
  ctx.touch("task", task);
}

/** The task falls out of its workflow (no further step): it leaves its queue; the caller cancels it. */
export function leaveWorkflow(ctx: Ctx, task: Task): void {
  ctx.s.setTaskRouting(task, task.routing, null, null, null);
}

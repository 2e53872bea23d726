/**
 * Routing holds: a task whose assignment callbacks failed gets no new reservation before a given
 * time, so a dead receiver cannot burn its 1,000 assignments in seconds (docs/webhooks.md,
 * "Failures, fallback and backoff"). The shell decides how long (it knows the failures of the task
 * and of the URL); the core only keeps the time, as a timer:
 *
 *   hold(task, until)  -> task unfiled from its waiting set / direct list (state does it), "hold" timer armed
 *   timer fires        -> hold dropped, task re-filed and tried again where it is (step, queue)
 *   workflow's callback URLs changed -> the same, at once, for the workflow's held tasks
 *
 * While held the task stays pending in its queue with its TTL and step timeouts running: a step
 * timeout still moves it on, and it is simply not reserved until the hold ends. A hold is routing
 * state, not persisted: a restore starts without it.
 */
import type { Task } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";

export function holdTask(ctx: Ctx, task: Task, until: number): void {
  if (until <= ctx.now) return;
  ctx.s.holdTask(task, until);
}

/** The hold timer of `taskSid` fired at `at`. */
export function releaseHold(ctx: Ctx, taskSid: string, at: number): void {
  if (!ctx.s.releaseHold(taskSid, at) || !ctx.s.tasksById.has(taskSid)) return;
  ctx.enqueue({ kind: "retry", sid: taskSid });
}

/** The workflow's assignment callback URLs changed: its held tasks are tried again at once. */
export function releaseHoldsOfWorkflow(ctx: Ctx, workflowSid: string): void {
  for (const [taskSid, at] of [...ctx.s.indexes.holds]) {
    if (ctx.s.tasksById.get(taskSid)?.workflowSid === workflowSid) releaseHold(ctx, taskSid, at);
  }
}

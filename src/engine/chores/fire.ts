/**
 * What the chores' timers do when they fire (deadlines.ts says when):
 *
 *   wrapup   -> the task is completed, Reason "Wrap-up Limit Exceeded" (task.completed, reservation.completed)
 *   overdue  -> task.assigned-overdue (once), then by TasklaneMaxAssignedAction: flag (nothing more),
 *               complete or cancel, Reason "Max Assigned Time Exceeded"
 *
 * Each entry is checked against the task's data first: the data is the truth, the heap a hint.
 */
import type { Task } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { taskFields } from "../events/fields.ts";
import { completeTask } from "../machines/task.ts";
import { overdueDueAt, wrapUpDueAt } from "../state/chore-timers.ts";
import type { TimerEntry } from "../state/timer-queue.ts";
import { cancelAssignedTask } from "./cancel-assigned.ts";

export const WRAP_UP_LIMIT_REASON = "Wrap-up Limit Exceeded";
export const MAX_ASSIGNED_REASON = "Max Assigned Time Exceeded";

function flagOverdue(ctx: Ctx, task: Task): void {
  const ws = ctx.s.workspace;
  const action = ws.maxAssignedAction ?? "flag";
  const assignedSeconds = Math.floor((ctx.now - (task.assignedAt ?? ctx.now)) / 1000);
  ctx.s.markTaskOverdue(task, ctx.now);
  ctx.touch("task", task);
  ctx.emit(
    "task.assigned-overdue",
    task.sid,
    `Task ${task.sid} still ${task.assignmentStatus} ${assignedSeconds} s after acceptance`,
    {
      ...taskFields(ctx.s, task, ctx.now),
      TasklaneMaxAssigned: ws.maxAssignedSeconds ?? null,
      TasklaneAssignedSeconds: assignedSeconds,
      TasklaneAction: action,
    },
  );
  if (action === "complete") completeTask(ctx, task, MAX_ASSIGNED_REASON);
  else if (action === "cancel") cancelAssignedTask(ctx, task, MAX_ASSIGNED_REASON);
}

/** A chore timer fired at `entry.at`: act if the task's data still says it is due then. */
export function fireChoreTimer(ctx: Ctx, entry: TimerEntry): void {
  const task = ctx.s.tasksById.get(entry.sid);
  if (!task) return;
  if (entry.kind === "wrapup" && wrapUpDueAt(ctx.s, task) === entry.at) {
    completeTask(ctx, task, WRAP_UP_LIMIT_REASON);
  } else if (entry.kind === "overdue" && overdueDueAt(ctx.s, task) === entry.at) {
    flagOverdue(ctx, task);
  }
}

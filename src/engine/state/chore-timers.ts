/**
 * The Tasklane chores' two timers (docs/operations.md), as data like every other timer
 * (timer-queue.ts): each due time is computed from fields of the task and a setting, never stored
 * on its own, so a restore re-arms it and a setting change re-arms it by re-filing the task
 * (index-sync.ts syncTask arms them with the task's other timers, TimerQueue.armTask). What firing does is in
 * engine/chores/fire.ts.
 *
 *   wrapup   task wrapping, its channel has wrapUpLimitSeconds:   wrappingAt + limit
 *   overdue  task assigned or wrapping, the workspace has maxAssignedSeconds, not flagged yet:
 *            assignedAt + max
 *
 * A task stored before these fields existed has no assignedAt/wrappingAt: no chore timer.
 */
import type { Task, TaskChannel, Workspace } from "../../domain/entities.ts";

/** What the deadlines read (WorkspaceState satisfies it). */
export interface ChoreSettings {
  readonly workspace: Workspace;
  readonly channelsById: ReadonlyMap<string, TaskChannel>;
  readonly tasksById: ReadonlyMap<string, Task>;
}

export function wrapUpDueAt(s: ChoreSettings, task: Task): number | null {
  if (task.assignmentStatus !== "wrapping" || task.wrappingAt == null) return null;
  const limit = s.channelsById.get(task.taskChannelSid)?.wrapUpLimitSeconds;
  return limit == null ? null : task.wrappingAt + limit * 1000;
}

export function overdueDueAt(s: ChoreSettings, task: Task): number | null {
  const max = s.workspace.maxAssignedSeconds;
  const assigned = task.assignmentStatus === "assigned" || task.assignmentStatus === "wrapping";
  if (max == null || !assigned || task.assignedAt == null || task.overdueAt != null) return null;
  return task.assignedAt + max * 1000;
}

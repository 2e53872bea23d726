/**
 * Where a task sits in its workflow (filter, target, queue, step deadline, skip_if) and which
 * filters match its attributes now. Filters are evaluated with the routing's own rule
 * (router.filterMatches), at `now`, so time-of-day expressions read the current time.
 */
import type { Task } from "../../domain/entities.ts";
import { currentTarget } from "../routing/eligibility.ts";
import { filterMatches } from "../routing/router.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";

export interface WorkflowPosition {
  workflowSid: string | null;
  workflowName: string | null;
  /** Index in task_routing.filters, -1 for default_filter, null when routed straight to a queue. */
  filterIndex: number | null;
  filterName: string | null;
  isDefaultFilter: boolean;
  targetIndex: number;
  queueSid: string | null;
  queueName: string | null;
  /** The target's timeout in seconds (null: final step). */
  targetTimeout: number | null;
  stepDeadlineAt: number | null;
  stepSecondsLeft: number | null;
  /** The target has a skip_if, and whether it was already evaluated (only on entry). */
  hasSkipIf: boolean;
  skipIfChecked: boolean;
  /** The workflow was updated without ReEvaluateTasks and no longer has this step. */
  stepNoLongerInWorkflow: boolean;
}

export interface FilterCheck {
  index: number;
  name: string | null;
  expression: string;
  matches: boolean;
  /** The filter the task is currently in. */
  current: boolean;
}

function configOf(s: WorkspaceState, task: Task) {
  return task.workflowSid ? (s.workflowConfigs.get(task.workflowSid) ?? null) : null;
}

export function positionOf(s: WorkspaceState, task: Task, now: number): WorkflowPosition | null {
  const pos = task.routing;
  const workflow = task.workflowSid ? s.workflowsById.get(task.workflowSid) : undefined;
  if (!pos) return null;
  const config = configOf(s, task);
  const target = currentTarget(s, task);
  const configured =
    pos.filterIndex === -1
      ? config?.defaultFilter
      : pos.filterIndex === null
        ? target
        : config?.filters[pos.filterIndex]?.targets[pos.targetIndex];
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  const deadlineAt = pos.stepDeadline === null ? null : task.dateCreated + pos.stepDeadline;
  return {
    workflowSid: workflow?.sid ?? null,
    workflowName: workflow?.friendlyName ?? null,
    filterIndex: pos.filterIndex,
    filterName:
      pos.filterIndex !== null && pos.filterIndex >= 0
        ? (config?.filters[pos.filterIndex]?.name ?? null)
        : null,
    isDefaultFilter: pos.filterIndex === -1,
    targetIndex: pos.targetIndex,
    queueSid: queue?.sid ?? task.taskQueueSid,
    queueName: queue?.friendlyName ?? null,
    targetTimeout: pos.filterIndex === -1 ? null : (target?.timeout ?? null),
    stepDeadlineAt: deadlineAt,
    stepSecondsLeft: deadlineAt === null ? null : Math.max(0, Math.ceil((deadlineAt - now) / 1000)),
    hasSkipIf: Boolean(target?.skipIf),
    skipIfChecked: pos.skipChecked,
    stepNoLongerInWorkflow: configured === undefined || configured?.queueSid !== task.taskQueueSid,
  };
}

export function filterChecks(s: WorkspaceState, task: Task, now: number): FilterCheck[] {
  const config = configOf(s, task);
  if (!config) return [];
  return config.filters.map((filter, index) => ({
    index,
    name: filter.name,
    expression: filter.expression.source,
    matches: filterMatches(filter, task, now),
    current: task.routing?.filterIndex === index,
  }));
}

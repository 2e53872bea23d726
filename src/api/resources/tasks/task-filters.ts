/**
 * ListTask filters: Priority, AssignmentStatus (repeated key or comma list), WorkflowSid,
 * WorkflowName, TaskQueueSid, TaskQueueName, EvaluateTaskAttributes (an expression on task
 * attributes), RoutingTarget, HasAddons, and Ordering (DateCreated | Priority | VirtualStartTime,
 * asc | desc, comma list; DateCreated and VirtualStartTime may not be combined). Default order:
 * DateCreated ascending.
 */
import type { Task, TaskStatus } from "../../../domain/entities.ts";
import { invalidParameter } from "../../../domain/errors.ts";
import { MAX_PRIORITY } from "../../../domain/limits.ts";
import type { WorkspaceView } from "../../../engine/view.ts";
import { compileExpression } from "../../../expression/index.ts";
import { parseOrdering, sortBy } from "../../../wire/filters/ordering.ts";
import type { Params } from "../../../wire/params.ts";
import { TASK_STATUSES } from "../../../wire/tasks/task-params.ts";

const ORDER_FIELDS = ["DateCreated", "Priority", "VirtualStartTime"] as const;

function statuses(q: Params): Set<TaskStatus> | undefined {
  const values = q.list("AssignmentStatus")?.flatMap((v) => v.split(",").map((s) => s.trim()));
  if (values === undefined) return undefined;
  for (const v of values) {
    if (!(TASK_STATUSES as readonly string[]).includes(v)) {
      throw invalidParameter("AssignmentStatus", `expected one of ${TASK_STATUSES.join(", ")}, got "${v}"`);
    }
  }
  return new Set(values as TaskStatus[]);
}

export function listTasks(view: WorkspaceView, q: Params, now: number): Task[] {
  const priority = q.integer("Priority", { min: 0, max: MAX_PRIORITY });
  const wanted = statuses(q);
  const workflowSid = q.sid("WorkflowSid", "WW");
  const workflowName = q.string("WorkflowName");
  const queueSid = q.sid("TaskQueueSid", "WQ");
  const queueName = q.string("TaskQueueName");
  const expressionText = q.string("EvaluateTaskAttributes");
  const expression =
    expressionText === undefined
      ? undefined
      : compileExpression(expressionText, { where: "EvaluateTaskAttributes" });
  const routingTarget = q.string("RoutingTarget");
  const hasAddons = q.boolean("HasAddons");
  const ordering = parseOrdering(q.string("Ordering") ?? "DateCreated:asc", ORDER_FIELDS);
  const fields = new Set(ordering.map((k) => k.field));
  if (fields.has("DateCreated") && fields.has("VirtualStartTime")) {
    throw invalidParameter("Ordering", "DateCreated and VirtualStartTime cannot be combined");
  }

  const tasks = [...view.tasks()].filter((t) => {
    if (priority !== undefined && t.priority !== priority) return false;
    if (wanted !== undefined && !wanted.has(t.assignmentStatus)) return false;
    if (workflowSid !== undefined && t.workflowSid !== workflowSid) return false;
    if (workflowName !== undefined && nameOf(t.workflowSid, (s) => view.workflow(s)) !== workflowName)
      return false;
    if (queueSid !== undefined && t.taskQueueSid !== queueSid) return false;
    if (queueName !== undefined && nameOf(t.taskQueueSid, (s) => view.taskQueue(s)) !== queueName)
      return false;
    if (routingTarget !== undefined && t.routingTarget !== routingTarget) return false;
    // Tasklane has no Add-ons: no task has any.
    if (hasAddons === true) return false;
    return expression === undefined || expression.matches(t.attrs, { now });
  });
  return sortBy(tasks, ordering, (t, field) =>
    field === "DateCreated" ? t.dateCreated : field === "Priority" ? t.priority : t.virtualStartTime,
  );
}

function nameOf(
  sid: string | null,
  lookup: (sid: string) => { friendlyName: string } | undefined,
): string | undefined {
  return sid === null ? undefined : lookup(sid)?.friendlyName;
}

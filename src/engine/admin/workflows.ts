/**
 * Workflow commands. The configuration is validated and compiled on every create/update (see
 * workflow/config.ts). ReEvaluateTasks on update routes the workflow's pending tasks again from
 * the start; without it they keep their current step. Over HTTP the update and the re-evaluation
 * are separate commands: `workflow.reevaluate` takes the pending tasks in chunks
 * (src/runtime/reevaluation.ts), so other requests are answered between them.
 */
import type { Task, Workflow } from "../../domain/entities.ts";
import { conflict, missingParameter, notFound } from "../../domain/errors.ts";
import { MAX_RESERVATION_TIMEOUT } from "../../domain/limits.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { workflowFields } from "../events/fields.ts";
import { releaseHoldsOfWorkflow } from "../routing/hold.ts";
import { routeNewTask } from "../routing/router.ts";
import { checkFriendlyName, checkInteger, requireFriendlyName } from "../validation/params.ts";
import { parseWorkflowConfig } from "../workflow/config.ts";

export { MAX_RESERVATION_TIMEOUT };
export const MAX_WORKFLOWS = 1000;

export function getWorkflow(ctx: Ctx, sid: string): Workflow {
  const workflow = ctx.s.workflowsById.get(sid);
  if (!workflow) throw notFound("Workflow", sid);
  return workflow;
}

function parse(ctx: Ctx, configuration: string) {
  return parseWorkflowConfig(configuration, (sid) => ctx.s.queuesById.has(sid));
}

export function createWorkflow(ctx: Ctx, cmd: CommandOf<"workflow.create">): Workflow {
  const s = ctx.s;
  const name = requireFriendlyName("FriendlyName", cmd.friendlyName);
  if (cmd.configuration === undefined || cmd.configuration === "") throw missingParameter("Configuration");
  const config = parse(ctx, cmd.configuration);
  const timeout = checkInteger(
    "TaskReservationTimeout",
    cmd.taskReservationTimeout ?? 120,
    1,
    MAX_RESERVATION_TIMEOUT,
  );
  if (s.workflowsById.size >= MAX_WORKFLOWS)
    throw conflict(`A Workspace holds at most ${MAX_WORKFLOWS} Workflows`);
  const workflow: Workflow = {
    sid: ctx.newSid("WW"),
    workspaceSid: s.workspace.sid,
    friendlyName: name,
    configuration: cmd.configuration,
    assignmentCallbackUrl: cmd.assignmentCallbackUrl || null,
    fallbackAssignmentCallbackUrl: cmd.fallbackAssignmentCallbackUrl || null,
    taskReservationTimeout: timeout,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  s.putWorkflow(workflow, config);
  ctx.created("workflow", workflow);
  ctx.emit("workflow.created", workflow.sid, `Workflow ${name} created`, workflowFields(workflow));
  return workflow;
}

export function updateWorkflow(ctx: Ctx, cmd: CommandOf<"workflow.update">): Workflow {
  const s = ctx.s;
  const workflow = getWorkflow(ctx, cmd.sid);
  const name =
    cmd.friendlyName === undefined ? undefined : checkFriendlyName("FriendlyName", cmd.friendlyName);
  const config = cmd.configuration === undefined ? undefined : parse(ctx, cmd.configuration);
  const timeout =
    cmd.taskReservationTimeout === undefined
      ? undefined
      : checkInteger("TaskReservationTimeout", cmd.taskReservationTimeout, 1, MAX_RESERVATION_TIMEOUT);

  ctx.touch("workflow", workflow);
  if (name !== undefined) workflow.friendlyName = name;
  if (config !== undefined && cmd.configuration !== undefined) {
    s.setWorkflowConfiguration(workflow, cmd.configuration, config);
  }
  if (timeout !== undefined) workflow.taskReservationTimeout = timeout;
  const callbacksBefore = `${workflow.assignmentCallbackUrl} ${workflow.fallbackAssignmentCallbackUrl}`;
  if (cmd.assignmentCallbackUrl !== undefined)
    workflow.assignmentCallbackUrl = cmd.assignmentCallbackUrl || null;
  if (cmd.fallbackAssignmentCallbackUrl !== undefined) {
    workflow.fallbackAssignmentCallbackUrl = cmd.fallbackAssignmentCallbackUrl || null;
  }
  ctx.emit(
    "workflow.updated",
    workflow.sid,
    `Workflow ${workflow.friendlyName} updated`,
    workflowFields(workflow),
  );
  // A fixed receiver gets the tasks held back after its failures at once (routing/hold.ts).
  if (`${workflow.assignmentCallbackUrl} ${workflow.fallbackAssignmentCallbackUrl}` !== callbacksBefore)
    releaseHoldsOfWorkflow(ctx, workflow.sid);
  if (cmd.reEvaluateTasks) {
    for (const task of [...s.tasksById.values()]) {
      if (awaitsReevaluation(task, workflow.sid)) routeNewTask(ctx, task);
    }
  }
  return workflow;
}

/**
 * ReEvaluateTasks in chunks (the shell sends the pending tasks a few at a time, so a large workspace
 * does not hold the event loop): routes the listed tasks again from the top of the workflow, each
 * only if it still waits in this workflow; tasks that moved on meanwhile are left alone.
 */
export function reevaluateWorkflowTasks(ctx: Ctx, cmd: CommandOf<"workflow.reevaluate">): null {
  const workflow = getWorkflow(ctx, cmd.sid);
  for (const taskSid of cmd.taskSids) {
    const task = ctx.s.tasksById.get(taskSid);
    if (task !== undefined && awaitsReevaluation(task, workflow.sid)) routeNewTask(ctx, task);
  }
  return null;
}

/** A task ReEvaluateTasks routes again: pending in this workflow, not sent elsewhere by a target. */
export function awaitsReevaluation(task: Task, workflowSid: string): boolean {
  return (
    task.workflowSid === workflowSid &&
    task.assignmentStatus === "pending" &&
    (task.routingTarget === null || task.routingTarget === workflowSid)
  );
}

export function deleteWorkflow(ctx: Ctx, cmd: CommandOf<"workflow.delete">): null {
  const s = ctx.s;
  const workflow = getWorkflow(ctx, cmd.sid);
  for (const task of s.tasksById.values()) {
    const active = task.assignmentStatus !== "canceled" && task.assignmentStatus !== "completed";
    if (active && task.workflowSid === workflow.sid) {
      throw conflict(`Workflow ${workflow.sid} still routes Task ${task.sid} and cannot be deleted`);
    }
  }
  s.removeWorkflow(workflow.sid);
  ctx.removed("workflow", workflow.sid);
  ctx.emit(
    "workflow.deleted",
    workflow.sid,
    `Workflow ${workflow.friendlyName} deleted`,
    workflowFields(workflow),
  );
  return null;
}

/**
 * Task commands: create (workflow, or RoutingTarget to a worker / queue / workflow), update
 * (attributes, priority, channel, virtual start time, AssignmentStatus) and delete. The task state
 * machine is documented in lifecycle/task-transitions.ts.
 */
import type { Task, TaskChannel } from "../../domain/entities.ts";
import {
  invalidParameter,
  invalidState,
  missingParameter,
  notFound,
  virtualStartInFuture,
  virtualStartTooEarly,
} from "../../domain/errors.ts";
import { DEFAULT_TASK_TIMEOUT, EARLIEST_VIRTUAL_START_TIME, MAX_TASK_TIMEOUT } from "../../domain/limits.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { cancelTask, completeTask, emitTask, removeTask, wrapTask } from "../lifecycle/task-transitions.ts";
import { syncTask } from "../routing/indexing.ts";
import { routeNewTask } from "../routing/router.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import { checkIfMatch, checkInteger, MAX_PRIORITY, parseAttributes } from "../validation/params.ts";

export { DEFAULT_TASK_TIMEOUT, MAX_TASK_TIMEOUT };

export function getTask(ctx: Ctx, sid: string): Task {
  const task = ctx.s.tasksById.get(sid);
  if (!task) throw notFound("Task", sid);
  return task;
}

/** The `TaskChannel` parameter (SID or unique name) of task create/update, and of simulation. */
export function channelParam(s: WorkspaceState, value: string): TaskChannel {
  const channel = s.taskChannel(value);
  if (!channel)
    throw invalidParameter(
      "TaskChannel",
      `${value} is neither a TaskChannel SID nor a unique name in this Workspace`,
    );
  return channel;
}

function checkVirtualStartTime(ctx: Ctx, value: number): number {
  if (!Number.isFinite(value)) throw invalidParameter("VirtualStartTime", "must be a date");
  if (value > ctx.now) throw virtualStartInFuture();
  if (value < EARLIEST_VIRTUAL_START_TIME) throw virtualStartTooEarly();
  return value;
}

/** Decide where a new task is routed: a workflow, or a RoutingTarget worker/queue/workflow. */
function routingOf(
  ctx: Ctx,
  cmd: CommandOf<"task.create">,
): { workflowSid: string | null; target: string | null } {
  const s = ctx.s;
  if (cmd.workflowSid !== undefined && !s.workflowsById.has(cmd.workflowSid)) {
    throw invalidParameter("WorkflowSid", `Workflow ${cmd.workflowSid} does not exist in this Workspace`);
  }
  const target = cmd.routingTarget ?? cmd.taskQueueSid ?? null;
  if (target !== null) {
    const ok = target.startsWith("WK")
      ? s.workersById.has(target)
      : target.startsWith("WQ")
        ? s.queuesById.has(target)
        : target.startsWith("WW") && s.workflowsById.has(target);
    if (!ok)
      throw invalidParameter(
        "RoutingTarget",
        `${target} is not a Worker, TaskQueue or Workflow of this Workspace`,
      );
    return { workflowSid: target.startsWith("WW") ? target : (cmd.workflowSid ?? null), target };
  }
  if (cmd.workflowSid !== undefined) return { workflowSid: cmd.workflowSid, target: null };
  if (s.workflowsById.size === 1)
    return { workflowSid: [...s.workflowsById.keys()][0] ?? null, target: null };
  throw missingParameter("WorkflowSid");
}

export function createTask(ctx: Ctx, cmd: CommandOf<"task.create">): Task {
  const s = ctx.s;
  const attributes = cmd.attributes ?? "{}";
  const attrs = parseAttributes("Attributes", attributes);
  const priority = checkInteger("Priority", cmd.priority ?? 0, 0, MAX_PRIORITY);
  const timeout = checkInteger("Timeout", cmd.timeout ?? DEFAULT_TASK_TIMEOUT, 1, MAX_TASK_TIMEOUT);
  const channel = channelParam(ctx.s, cmd.taskChannel ?? "default");
  const vst = cmd.virtualStartTime === undefined ? ctx.now : checkVirtualStartTime(ctx, cmd.virtualStartTime);
  const { workflowSid, target } = routingOf(ctx, cmd);
  const toWorker = target?.startsWith("WK") ?? false;
  const toQueue = target?.startsWith("WQ") ?? false;
  const task: Task = {
    sid: ctx.newSid("WT"),
    workspaceSid: s.workspace.sid,
    attributes,
    attrs,
    assignmentStatus: "pending",
    priority,
    reason: null,
    taskChannelSid: channel.sid,
    taskChannelUniqueName: channel.uniqueName,
    workflowSid,
    taskQueueSid: toQueue ? target : null,
    taskQueueEnteredDate: null,
    timeout,
    virtualStartTime: vst,
    routingTarget: target,
    ignoreCapacity: toWorker ? (cmd.ignoreCapacity ?? true) : null,
    routing: toQueue ? { filterIndex: null, targetIndex: 0, stepDeadline: null, skipChecked: true } : null,
    assignmentCount: 0,
    version: 0,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
    deleteAt: null,
  };
  s.tasksById.set(task.sid, task);
  ctx.created("task", task);
  emitTask(ctx, "task.created", task, `Task ${task.sid} created`);
  syncTask(s, task);
  routeNewTask(ctx, task);
  return task;
}

export function updateTask(ctx: Ctx, cmd: CommandOf<"task.update">): Task {
  const s = ctx.s;
  const task = getTask(ctx, cmd.sid);
  checkIfMatch(cmd.ifMatch, task.version);
  const attrs = cmd.attributes === undefined ? undefined : parseAttributes("Attributes", cmd.attributes);
  const priority =
    cmd.priority === undefined ? undefined : checkInteger("Priority", cmd.priority, 0, MAX_PRIORITY);
  const channel = cmd.taskChannel === undefined ? undefined : channelParam(ctx.s, cmd.taskChannel);
  const vst =
    cmd.virtualStartTime === undefined ? undefined : checkVirtualStartTime(ctx, cmd.virtualStartTime);
  const status = cmd.assignmentStatus;
  const from = task.assignmentStatus;
  if (status !== undefined) {
    const allowed =
      (status === "canceled" && (from === "pending" || from === "reserved")) ||
      (status === "completed" && (from === "assigned" || from === "wrapping")) ||
      (status === "wrapping" && from === "assigned");
    if (!allowed) {
      throw invalidState(`Task ${task.sid} is in state [${from}] and cannot be updated to [${status}]`);
    }
    if (
      (status === "canceled" || status === "completed") &&
      (cmd.reason === undefined || cmd.reason.trim() === "")
    ) {
      throw missingParameter("Reason");
    }
  }
  const open = from === "pending" || from === "reserved";
  if (channel && channel.sid !== task.taskChannelSid && from !== "pending") {
    throw invalidState(`The TaskChannel of Task ${task.sid} can only change while it is pending`);
  }

  ctx.touch("task", task);
  let changed = false;
  if (attrs !== undefined && cmd.attributes !== undefined) {
    task.attributes = cmd.attributes;
    task.attrs = attrs;
    changed = true;
  }
  if (priority !== undefined) {
    task.priority = priority;
    changed = true;
  }
  if (channel !== undefined) {
    task.taskChannelSid = channel.sid;
    task.taskChannelUniqueName = channel.uniqueName;
    changed = true;
  }
  if (vst !== undefined) {
    task.virtualStartTime = vst;
    changed = true;
  }
  if (changed) {
    emitTask(ctx, "task.updated", task, `Task ${task.sid} updated`);
    syncTask(s, task);
    // A pending task whose attributes changed is routed again from the start of its workflow.
    if (attrs !== undefined && from === "pending" && status === undefined) routeNewTask(ctx, task);
    else if (open) ctx.enqueue({ kind: "retry", sid: task.sid });
  }
  if (status === "canceled") cancelTask(ctx, task, cmd.reason ?? "");
  else if (status === "wrapping") wrapTask(ctx, task, cmd.reason ?? null);
  else if (status === "completed") completeTask(ctx, task, cmd.reason ?? "");
  return task;
}

export function deleteTask(ctx: Ctx, cmd: CommandOf<"task.delete">): null {
  const task = getTask(ctx, cmd.sid);
  checkIfMatch(cmd.ifMatch, task.version);
  removeTask(ctx, task, "task.deleted");
  return null;
}

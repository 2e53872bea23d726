/**
 * Task commands: create (workflow, or RoutingTarget to a worker / queue / workflow), update
 * (attributes, priority, channel, virtual start time, AssignmentStatus) and delete. The task state
 * machine is machines/task.ts.
 */
import type { Task } from "../../domain/entities.ts";
import { invalidState, missingParameter, notFound } from "../../domain/errors.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import {
  cancelTask,
  canRequestTaskStatus,
  completeTask,
  emitTask,
  openTask,
  removeTask,
  wrapTask,
} from "../machines/task.ts";
import { routeNewTask } from "../routing/router.ts";
import { checkIfMatch, checkInteger, MAX_PRIORITY, parseAttributes } from "../validation/params.ts";
import { channelParam, checkVirtualStartTime, planTaskCreate } from "./plan.ts";

// Task create's validation lives in plan.ts; these are re-exported for existing importers.
export { channelParam, DEFAULT_TASK_TIMEOUT, MAX_TASK_TIMEOUT } from "./plan.ts";

export function getTask(ctx: Ctx, sid: string): Task {
  const task = ctx.s.tasksById.get(sid);
  if (!task) throw notFound("Task", sid);
  return task;
}

/** Task create: plan (plan.ts) -> the task machine's openTask (newTask, state) -> routing (router.ts). */
export function createTask(ctx: Ctx, cmd: CommandOf<"task.create">): Task {
  const plan = planTaskCreate(ctx.s, cmd, ctx.now);
  const task = openTask(ctx, plan);
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
    cmd.virtualStartTime === undefined ? undefined : checkVirtualStartTime(ctx.now, cmd.virtualStartTime);
  const status = cmd.assignmentStatus;
  const from = task.assignmentStatus;
  if (status !== undefined) {
    if (!canRequestTaskStatus(from, status)) {
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
  const changed = attrs !== undefined || priority !== undefined || channel !== undefined || vst !== undefined;
  if (changed) {
    s.updateTask(task, {
      attributes:
        attrs !== undefined && cmd.attributes !== undefined
          ? { raw: cmd.attributes, parsed: attrs }
          : undefined,
      priority,
      channel,
      virtualStartTime: vst,
    });
    emitTask(ctx, "task.updated", task, `Task ${task.sid} updated`);
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

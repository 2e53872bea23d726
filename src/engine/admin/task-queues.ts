/**
 * TaskQueue commands. TargetWorkers (default "1==1") is compiled once; a change re-binds every
 * worker. MaxReservedWorkers 1..50. A queue named by a workflow or holding active tasks cannot be
 * deleted.
 */
import type { TaskOrder, TaskQueue } from "../../domain/entities.ts";
import { conflict, invalidParameter, notFound } from "../../domain/errors.ts";
import { MAX_RESERVED_WORKERS } from "../../domain/limits.ts";
import { compileExpression } from "../../expression/index.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { queueFields } from "../events/fields.ts";
import { checkFriendlyName, checkInteger, requireFriendlyName } from "../validation/params.ts";
import { requireActivityParam } from "./activities.ts";

export { MAX_RESERVED_WORKERS };
export const MAX_TASK_QUEUES = 5000;

export function getQueue(ctx: Ctx, sid: string): TaskQueue {
  const queue = ctx.s.queuesById.get(sid);
  if (!queue) throw notFound("TaskQueue", sid);
  return queue;
}

function checkOrder(order: string): TaskOrder {
  if (order !== "FIFO" && order !== "LIFO")
    throw invalidParameter("TaskOrder", `must be FIFO or LIFO (got ${order})`);
  return order;
}

function compileTargetWorkers(source: string) {
  return compileExpression(source, { where: "TargetWorkers", context: "plain" });
}

/**
 * For create and update (not restore, so stored queues still load): TargetWorkers is evaluated
 * against a worker's attributes alone, so a `task.` key there reads nothing and the queue silently
 * matches nobody. A workflow target's `expression` is where worker and task are compared.
 */
function checkTargetWorkers(source: string) {
  const compiled = compileTargetWorkers(source);
  const taskKey = compiled.paths.find((p) => p[0] === "task" && p.length > 1);
  if (taskKey !== undefined) {
    throw invalidParameter(
      "TargetWorkers",
      `${taskKey.join(".")} reads the task, but TargetWorkers sees only worker attributes, so this queue would match no worker; put the comparison with task attributes in the workflow target's "expression" (e.g. "worker.skills HAS task.required_skill") and keep TargetWorkers to worker attributes`,
    );
  }
  return compiled;
}

export function addQueue(ctx: Ctx, queue: TaskQueue): TaskQueue {
  ctx.s.putQueue(queue, compileTargetWorkers(queue.targetWorkers));
  ctx.created("taskQueue", queue);
  ctx.emit("task-queue.created", queue.sid, `TaskQueue ${queue.friendlyName} created`, queueFields(queue));
  return queue;
}

export function createTaskQueue(ctx: Ctx, cmd: CommandOf<"taskQueue.create">): TaskQueue {
  const name = requireFriendlyName("FriendlyName", cmd.friendlyName);
  const targetWorkers = cmd.targetWorkers ?? "1==1";
  checkTargetWorkers(targetWorkers);
  if (cmd.reservationActivitySid)
    requireActivityParam(ctx, "ReservationActivitySid", cmd.reservationActivitySid);
  if (cmd.assignmentActivitySid)
    requireActivityParam(ctx, "AssignmentActivitySid", cmd.assignmentActivitySid);
  if (ctx.s.queuesById.size >= MAX_TASK_QUEUES)
    throw conflict(`A Workspace holds at most ${MAX_TASK_QUEUES} TaskQueues`);
  return addQueue(ctx, {
    sid: ctx.newSid("WQ"),
    workspaceSid: ctx.s.workspace.sid,
    friendlyName: name,
    targetWorkers,
    maxReservedWorkers: checkInteger(
      "MaxReservedWorkers",
      cmd.maxReservedWorkers ?? 1,
      1,
      MAX_RESERVED_WORKERS,
    ),
    taskOrder: checkOrder(cmd.taskOrder ?? "FIFO"),
    reservationActivitySid: cmd.reservationActivitySid || null,
    assignmentActivitySid: cmd.assignmentActivitySid || null,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  });
}

export function updateTaskQueue(ctx: Ctx, cmd: CommandOf<"taskQueue.update">): TaskQueue {
  const s = ctx.s;
  const queue = getQueue(ctx, cmd.sid);
  const name =
    cmd.friendlyName === undefined ? undefined : checkFriendlyName("FriendlyName", cmd.friendlyName);
  const expr = cmd.targetWorkers === undefined ? undefined : checkTargetWorkers(cmd.targetWorkers);
  const max =
    cmd.maxReservedWorkers === undefined
      ? undefined
      : checkInteger("MaxReservedWorkers", cmd.maxReservedWorkers, 1, MAX_RESERVED_WORKERS);
  const order = cmd.taskOrder === undefined ? undefined : checkOrder(cmd.taskOrder);
  if (cmd.reservationActivitySid)
    requireActivityParam(ctx, "ReservationActivitySid", cmd.reservationActivitySid);
  if (cmd.assignmentActivitySid)
    requireActivityParam(ctx, "AssignmentActivitySid", cmd.assignmentActivitySid);

  ctx.touch("taskQueue", queue);
  if (name !== undefined) queue.friendlyName = name;
  if (cmd.reservationActivitySid !== undefined)
    queue.reservationActivitySid = cmd.reservationActivitySid || null;
  if (cmd.assignmentActivitySid !== undefined)
    queue.assignmentActivitySid = cmd.assignmentActivitySid || null;
  if (max !== undefined) queue.maxReservedWorkers = max;
  if (order !== undefined && order !== queue.taskOrder) s.setQueueOrder(queue, order);
  if (expr !== undefined && cmd.targetWorkers !== undefined && cmd.targetWorkers !== queue.targetWorkers) {
    s.setQueueTargetWorkers(queue, cmd.targetWorkers, expr);
    ctx.emit(
      "task-queue.expression.updated",
      queue.sid,
      `TaskQueue ${queue.friendlyName} expression updated`,
      queueFields(queue),
    );
  }
  if (max !== undefined) s.setQueueMaxReserved(queue, max);
  ctx.enqueue({ kind: "queue", sid: queue.sid });
  return queue;
}

export function deleteTaskQueue(ctx: Ctx, cmd: CommandOf<"taskQueue.delete">): null {
  const s = ctx.s;
  const queue = getQueue(ctx, cmd.sid);
  for (const [sid, config] of s.workflowConfigs) {
    if (config?.queueSids.has(queue.sid))
      throw conflict(`TaskQueue ${queue.sid} is used by Workflow ${sid} and cannot be deleted`);
  }
  for (const task of s.tasksById.values()) {
    const active = task.assignmentStatus !== "canceled" && task.assignmentStatus !== "completed";
    if (active && (task.taskQueueSid === queue.sid || task.routingTarget === queue.sid)) {
      throw conflict(`TaskQueue ${queue.sid} holds Task ${task.sid} and cannot be deleted`);
    }
  }
  s.removeQueue(queue);
  ctx.removed("taskQueue", queue.sid);
  ctx.emit("task-queue.deleted", queue.sid, `TaskQueue ${queue.friendlyName} deleted`, queueFields(queue));
  return null;
}

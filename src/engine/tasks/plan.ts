/**
 * Task create, first half: validate the command against the workspace into a plan, reading only.
 * Everything that can refuse the command happens here; applying the plan (tasks/commands.ts ->
 * machines/task.ts openTask -> WorkspaceState.putTask -> routing) cannot fail on the client's input.
 * Simulation (diagnostics) validates its phantom task with the same checks.
 */
import type { TaskChannel } from "../../domain/entities.ts";
import {
  invalidParameter,
  missingParameter,
  virtualStartInFuture,
  virtualStartTooEarly,
} from "../../domain/errors.ts";
import { DEFAULT_TASK_TIMEOUT, EARLIEST_VIRTUAL_START_TIME, MAX_TASK_TIMEOUT } from "../../domain/limits.ts";
import type { CommandOf } from "../commands.ts";
import type { TaskCreatePlan, TaskFields } from "../machines/task.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import { checkInteger, MAX_PRIORITY, parseAttributes } from "../validation/params.ts";

export { DEFAULT_TASK_TIMEOUT, MAX_TASK_TIMEOUT };

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

export function checkVirtualStartTime(now: number, value: number): number {
  if (!Number.isFinite(value)) throw invalidParameter("VirtualStartTime", "must be a date");
  if (value > now) throw virtualStartInFuture();
  if (value < EARLIEST_VIRTUAL_START_TIME) throw virtualStartTooEarly();
  return value;
}

/** Attributes, Priority, Timeout and TaskChannel, with TaskRouter's defaults. */
export function checkTaskFields(
  s: WorkspaceState,
  input: {
    attributes?: string | undefined;
    priority?: number | undefined;
    timeout?: number | undefined;
    taskChannel?: string | undefined;
  },
): TaskFields {
  const attributes = input.attributes ?? "{}";
  return {
    attributes,
    attrs: parseAttributes("Attributes", attributes),
    priority: checkInteger("Priority", input.priority ?? 0, 0, MAX_PRIORITY),
    timeout: checkInteger("Timeout", input.timeout ?? DEFAULT_TASK_TIMEOUT, 1, MAX_TASK_TIMEOUT),
    channel: channelParam(s, input.taskChannel ?? "default"),
  };
}

/** Decide where a new task is routed: a workflow, or a RoutingTarget worker/queue/workflow. */
function routingOf(
  s: WorkspaceState,
  cmd: CommandOf<"task.create">,
): { workflowSid: string | null; target: string | null } {
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

export function planTaskCreate(
  s: WorkspaceState,
  cmd: CommandOf<"task.create">,
  now: number,
): TaskCreatePlan {
  const fields = checkTaskFields(s, cmd);
  const virtualStartTime =
    cmd.virtualStartTime === undefined ? now : checkVirtualStartTime(now, cmd.virtualStartTime);
  const { workflowSid, target } = routingOf(s, cmd);
  const toWorker = target?.startsWith("WK") ?? false;
  // Field by field, not `...fields`: a spread into a literal is V8's slow object-building path.
  return {
    attributes: fields.attributes,
    attrs: fields.attrs,
    priority: fields.priority,
    timeout: fields.timeout,
    channel: fields.channel,
    virtualStartTime,
    workflowSid,
    routingTarget: target,
    ignoreCapacity: toWorker ? (cmd.ignoreCapacity ?? true) : null,
  };
}

/**
 * The TaskRouter side of simulated calls, through the workspaces' writers like any client:
 * the task an <Enqueue> creates, what a hang-up does to it, a canceled wait, and attributes
 * TaskRouter adds to a call's task (worker_call_sid, conference).
 */
import type { Task } from "../domain/entities.ts";
import { TaskRouterError } from "../domain/errors.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { Call } from "./call.ts";
import { callAttributes } from "./call-params.ts";
import type { EnqueueVerb } from "./interpreter.ts";
import { VoiceError } from "./voice-errors.ts";

export interface CreatedVoiceTask {
  workspaceSid: string;
  task: Task;
}

/** The task of `<Enqueue workflowSid><Task>json</Task>`: 14220 for an unknown workflow, 12200 for bad JSON. */
export async function createVoiceTask(
  runtime: AccountRuntime,
  call: Call,
  verb: EnqueueVerb,
): Promise<CreatedVoiceTask> {
  const host = runtime
    .workspaces(call.accountSid)
    .find((candidate) => candidate.view.workflow(verb.workflowSid) !== undefined);
  if (host === undefined)
    throw new VoiceError(14220, `Enqueue: Provided Workflow was not a valid sid (${verb.workflowSid})`);
  let own: unknown;
  try {
    own = JSON.parse(verb.taskJson === "" ? "{}" : verb.taskJson);
  } catch {
    throw new VoiceError(
      12200,
      `Schema validation warning: the <Task> of <Enqueue> is not JSON: ${verb.taskJson.slice(0, 80)}`,
    );
  }
  if (own === null || typeof own !== "object" || Array.isArray(own))
    throw new VoiceError(12200, "Schema validation warning: the <Task> of <Enqueue> must be a JSON object");
  const attributes = { ...callAttributes(call), ...(own as Record<string, unknown>) };
  try {
    const task = await host.execute({
      type: "task.create",
      workflowSid: verb.workflowSid,
      attributes: JSON.stringify(attributes),
      taskChannel: "voice",
      ...(verb.priority !== undefined ? { priority: verb.priority } : {}),
      ...(verb.timeout !== undefined ? { timeout: verb.timeout } : {}),
    });
    return { workspaceSid: host.sid, task };
  } catch (error) {
    if (error instanceof TaskRouterError) throw new VoiceError(error.code, `Enqueue: ${error.message}`);
    throw error;
  }
}

/**
 * The caller hung up: a task still waiting (pending, reserved) is canceled with `reason`, an
 * assigned one moves to wrapping; wrapping and finished tasks are left alone.
 */
export async function endCallTask(
  runtime: AccountRuntime,
  workspaceSid: string,
  taskSid: string,
  reason: string,
  options: { wrapAssigned: boolean },
): Promise<void> {
  const host = runtime.workspace(workspaceSid);
  const task = host?.view.task(taskSid);
  if (host === undefined || task === undefined) return;
  if (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved")
    await host.execute({ type: "task.update", sid: taskSid, assignmentStatus: "canceled", reason });
  else if (task.assignmentStatus === "assigned" && options.wrapAssigned)
    await host.execute({ type: "task.update", sid: taskSid, assignmentStatus: "wrapping", reason });
}

export async function mergeTaskAttributes(
  runtime: AccountRuntime,
  workspaceSid: string,
  taskSid: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const host = runtime.workspace(workspaceSid);
  const task = host?.view.task(taskSid);
  if (host === undefined || task === undefined) return;
  const attributes = { ...(JSON.parse(task.attributes) as Record<string, unknown>), ...extra };
  await host.execute({ type: "task.update", sid: taskSid, attributes: JSON.stringify(attributes) });
}

/** The simulated task and configuration: validated exactly as Task create and Workflow create do. */
import type { Task } from "../../domain/entities.ts";
import { invalidParameter, invalidState, missingParameter } from "../../domain/errors.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import { channelParam, DEFAULT_TASK_TIMEOUT, MAX_TASK_TIMEOUT } from "../tasks/commands.ts";
import { checkInteger, MAX_PRIORITY, parseAttributes } from "../validation/params.ts";
import { parseWorkflowConfig, type WorkflowConfig } from "../workflow/config.ts";

export interface SimulationInput {
  /** Workflow configuration JSON; or `workflowSid` to simulate a stored workflow. */
  configuration?: string;
  workflowSid?: string;
  attributes?: string;
  /** TaskChannel SID or unique name, default "default". */
  taskChannel?: string;
  priority?: number;
  /** Task TTL in seconds (default 86,400). */
  timeout?: number;
  /** The moment the task would be created (epoch ms; default: now). */
  time?: number;
}

export function configFor(s: WorkspaceState, input: SimulationInput): WorkflowConfig {
  if (input.configuration !== undefined && input.configuration !== "") {
    return parseWorkflowConfig(input.configuration, (sid) => s.queuesById.has(sid));
  }
  if (input.workflowSid === undefined) throw missingParameter("Configuration");
  const config = s.workflowConfigs.get(input.workflowSid);
  if (config === undefined)
    throw invalidParameter("WorkflowSid", `Workflow ${input.workflowSid} does not exist in this Workspace`);
  if (config === null)
    throw invalidState(`The stored configuration of Workflow ${input.workflowSid} no longer parses`);
  return config;
}

/** A task that exists only for the walk: never stored, holds no reservation. */
export function phantomTask(s: WorkspaceState, input: SimulationInput, time: number): Task {
  const attributes = input.attributes ?? "{}";
  const attrs = parseAttributes("Attributes", attributes);
  const priority = checkInteger("Priority", input.priority ?? 0, 0, MAX_PRIORITY);
  const timeout = checkInteger("Timeout", input.timeout ?? DEFAULT_TASK_TIMEOUT, 1, MAX_TASK_TIMEOUT);
  const channel = channelParam(s, input.taskChannel ?? "default");
  return {
    sid: "WT-simulated",
    workspaceSid: s.workspace.sid,
    attributes,
    attrs,
    assignmentStatus: "pending",
    priority,
    reason: null,
    taskChannelSid: channel.sid,
    taskChannelUniqueName: channel.uniqueName,
    workflowSid: input.workflowSid ?? null,
    taskQueueSid: null,
    taskQueueEnteredDate: null,
    timeout,
    virtualStartTime: time,
    routingTarget: null,
    ignoreCapacity: null,
    routing: null,
    assignmentCount: 0,
    version: 0,
    dateCreated: time,
    dateUpdated: time,
    deleteAt: null,
  };
}

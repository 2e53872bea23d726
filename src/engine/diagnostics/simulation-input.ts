/** The simulated task and configuration: validated exactly as Task create and Workflow create do. */
import type { Task } from "../../domain/entities.ts";
import { invalidParameter, invalidState, missingParameter } from "../../domain/errors.ts";
import { newTask } from "../machines/task.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import { checkTaskFields } from "../tasks/plan.ts";
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
  const fields = checkTaskFields(s, input);
  const plan = {
    ...fields,
    virtualStartTime: time,
    workflowSid: input.workflowSid ?? null,
    routingTarget: null,
    ignoreCapacity: null,
  };
  return newTask("WT-simulated", s.workspace.sid, plan, time);
}

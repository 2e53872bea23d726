/**
 * Diagnostics: read-only answers about a workspace that TaskRouter does not give.
 *
 *   explainTask(view, taskSid, now, { examples })  -> why a task is (not) assigned, right now
 *   simulateWorkflow(view, input, now)              -> where a task would go under a configuration
 *
 * Pure: no I/O, time only as a parameter, and nothing in the workspace changes (not even the
 * routing work counters, which are put back so benchmarks and scale tests see routing only).
 * Both take the engine's WorkspaceView, which is the engine's WorkspaceState; a view from
 * anywhere else (a test fake) cannot be diagnosed.
 */
import { diagnosticsUnavailable } from "../../domain/errors.ts";
import { WorkspaceState } from "../state/workspace-state.ts";
import type { WorkspaceView } from "../view.ts";
import { type ExplainOptions, explainTask as explain, type TaskExplanation } from "./explanation.ts";
import { type Simulation, type SimulationInput, simulateWorkflow as simulate } from "./simulation.ts";
import { summaryOf } from "./summary.ts";

export type { IneligibleReason, ReasonGroup, WorkerExample } from "./candidates.ts";
export type { ExplainOptions, QueueReport, TaskExplanation } from "./explanation.ts";
export type { FilterCheck, WorkflowPosition } from "./position.ts";
export type { SimulatedStep, Simulation, SimulationInput, SimulationResult } from "./simulation.ts";

export const MAX_EXAMPLES = 100;

function stateOf(view: WorkspaceView): WorkspaceState {
  if (!(view instanceof WorkspaceState)) {
    throw diagnosticsUnavailable();
  }
  return view;
}

/** Runs `read` and restores the routing work counters it bumped (eligibility checks count work). */
function readOnly<T>(s: WorkspaceState, read: () => T): T {
  const saved = { ...s.metrics };
  try {
    return read();
  } finally {
    Object.assign(s.metrics, saved);
  }
}

export function explainTask(
  view: WorkspaceView,
  taskSid: string,
  now: number,
  options: ExplainOptions = {},
): TaskExplanation {
  const s = stateOf(view);
  const examples = Math.max(0, Math.min(MAX_EXAMPLES, options.examples ?? 5));
  return readOnly(s, () => {
    const explanation = explain(s, taskSid, now, { examples });
    const task = s.tasksById.get(taskSid);
    if (task) explanation.summary = summaryOf(s, task, explanation);
    return explanation;
  });
}

export function simulateWorkflow(view: WorkspaceView, input: SimulationInput, now: number): Simulation {
  const s = stateOf(view);
  return readOnly(s, () => simulate(s, input, now));
}

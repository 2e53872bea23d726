/**
 * Workflow simulation, the entry point: validate the input (simulation-input.ts), walk the routing
 * without changing anything (simulation-walk.ts, where the walk's rules are described), then say
 * in words what happens at creation and where the projection ends.
 */
import type { WorkspaceState } from "../state/workspace-state.ts";
import { configFor, phantomTask, type SimulationInput } from "./simulation-input.ts";
import {
  type FilterEvaluation,
  type SimulatedStep,
  type SimulationResult,
  type SimWorker,
  Walk,
} from "./simulation-walk.ts";

export type { SimulationInput } from "./simulation-input.ts";
export type { FilterEvaluation, SimulatedStep, SimulationResult, SimWorker } from "./simulation-walk.ts";

export interface Simulation {
  /** The moment the simulated task is created (the Time parameter, default now). */
  createdAt: number;
  taskChannel: string;
  priority: number;
  ttlSeconds: number;
  filters: FilterEvaluation[];
  steps: SimulatedStep[];
  /** What happens on creation ("reserved WK… (alice) in Support", "waits in Support", "canceled: …"). */
  outcome: string;
  /** The end of the projection, assuming no worker or task changes meanwhile. */
  finalOutcome: string;
  result: SimulationResult;
}

function workersText(workers: SimWorker[]): string {
  return workers.map((w) => `${w.sid} (${w.friendlyName})`).join(", ");
}

const CANCEL_TEXT: Record<string, string> = {
  "workflow.skipped": "no filter matches and no default_filter (workflow.skipped)",
  "workflow.timeout": "the last step timed out and no later filter matches (workflow.timeout)",
};

/** Where the projection ends, with the task age at which it gets there. */
function finalText(result: SimulationResult, steps: SimulatedStep[], ttl: number): string {
  const last = steps.at(-1);
  const after = result.atAge > 0 ? ` after ${result.atAge / 1000} s` : "";
  switch (result.kind) {
    case "reserved":
      return `reserved ${workersText(result.workers)} in ${last?.queueName}${after}`;
    case "waits":
      return last?.exit === "ttl"
        ? `waits in ${last.queueName}${after}, canceled by its TTL at ${ttl} s (before the step times out)`
        : `waits in ${last?.queueName}${after} until a worker is eligible or the TTL (${ttl} s)`;
    case "canceled":
      return `canceled${after}: ${CANCEL_TEXT[result.cause ?? ""] ?? result.cause}`;
  }
}

/** What happens at creation: reserved now, waits in a queue, or canceled at once. */
function immediateText(result: SimulationResult, steps: SimulatedStep[]): string {
  if (result.atAge === 0 && result.kind === "reserved")
    return `reserved ${workersText(result.workers)} in ${steps.at(-1)?.queueName}`;
  if (result.atAge === 0 && result.kind === "canceled")
    return `canceled: ${CANCEL_TEXT[result.cause ?? ""] ?? result.cause}`;
  const first = steps.filter((st) => st.enteredAtAge === 0).at(-1);
  return `waits in ${first?.queueName ?? result.queueSid}`;
}

export function simulateWorkflow(s: WorkspaceState, input: SimulationInput, now: number): Simulation {
  const config = configFor(s, input);
  const time = input.time ?? now;
  const task = phantomTask(s, input, time);
  const walk = new Walk(s, config, task);
  const result = walk.follow(walk.walkFilters(0, false, 0));
  return {
    createdAt: time,
    taskChannel: task.taskChannelUniqueName,
    priority: input.priority ?? 0,
    ttlSeconds: task.timeout,
    filters: walk.filters,
    steps: walk.steps,
    outcome: immediateText(result, walk.steps),
    finalOutcome: finalText(result, walk.steps, task.timeout),
    result: { ...result, atAge: result.atAge / 1000 },
  };
}

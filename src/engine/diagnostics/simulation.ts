/**
 * Workflow simulation: where a task with these attributes would go if it were created now, and
 * where it would go next on each step timeout if nothing else changed. Nothing is stored, no event
 * is produced, no state changes: the walk reads the workspace and calls the routing's own rules
 * (filterMatches, targetAt, stepDeadlineOf, skipIfFires, eligibleWorkers), mirroring router.ts:
 *
 *   filters top to bottom (expressions at the moment of evaluation) -> first match, target 0;
 *   target: eligible workers now -> reserved (stop); else skip_if true -> next target (past the
 *   last: as if the filter had not matched); else the task waits; with a timeout, the projection
 *   goes on at the deadline: next target, then the next MATCHING filter below, then
 *   workflow.timeout (never default_filter after a timeout). No match and no default_filter:
 *   workflow.skipped. A deadline at or beyond the TTL ends the projection with a TTL cancel.
 */
import type { Task } from "../../domain/entities.ts";
import { invalidParameter, invalidState, missingParameter } from "../../domain/errors.ts";
import { eligibleWorkers } from "../routing/matching.ts";
import { filterMatches, skipIfFires, stepDeadlineOf, targetAt } from "../routing/router.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import { DEFAULT_TASK_TIMEOUT, MAX_TASK_TIMEOUT } from "../tasks/commands.ts";
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

export interface SimWorker {
  sid: string;
  friendlyName: string;
}

export interface FilterEvaluation {
  /** 0: on creation; n: after the n-th step timeout. */
  pass: number;
  index: number;
  name: string | null;
  expression: string;
  evaluatedAt: number;
  /** matched | no_match (expression false) | skipped (matched, skip_if skipped every target). */
  result: "matched" | "no_match" | "skipped";
}

export type StepExit = "reserved" | "skip_if" | "waits" | "timeout" | "ttl";

export interface SimulatedStep {
  filterIndex: number;
  filterName: string | null;
  isDefaultFilter: boolean;
  targetIndex: number;
  /**
   * filter_match: first target of the first matching filter; next_filter: first target of the next
   * matching filter after the previous filter's last step timed out; timeout: the next target of the
   * same filter; skip_if: the previous target's skip_if fired; default_filter.
   */
  enteredBy: "filter_match" | "next_filter" | "default_filter" | "skip_if" | "timeout";
  /** Task age (seconds) and moment at which the step is entered. */
  enteredAtAge: number;
  enteredAt: number;
  queueSid: string;
  queueName: string;
  priority: number;
  timeout: number | null;
  /** Cumulative deadline as task age (seconds) and as a moment; null for a final step. */
  deadlineAge: number | null;
  deadlineAt: number | null;
  members: number;
  eligible: number;
  /** Who would be reserved (up to MaxReservedWorkers), in reservation order. */
  wouldReserve: SimWorker[];
  skipIf: { expression: string; evaluated: boolean; fires: boolean } | null;
  /** How the task leaves the step: reserved, skipped, waits for good, times out, or hits its TTL. */
  exit: StepExit;
}

export interface SimulationResult {
  kind: "reserved" | "waits" | "canceled";
  queueSid: string | null;
  workers: SimWorker[];
  /** canceled: workflow.timeout, workflow.skipped or ttl. */
  cause: string | null;
  /** Task age in seconds when the projection ends there. */
  atAge: number;
}

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

type StepEnd =
  | { kind: "done"; result: SimulationResult }
  | { kind: "timedOut"; filterIndex: number; targetIndex: number; deadline: number }
  | { kind: "skippedOut" };

function configFor(s: WorkspaceState, input: SimulationInput): WorkflowConfig {
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
function phantomTask(s: WorkspaceState, input: SimulationInput, time: number): Task {
  const attributes = input.attributes ?? "{}";
  const attrs = parseAttributes("Attributes", attributes);
  const priority = checkInteger("Priority", input.priority ?? 0, 0, MAX_PRIORITY);
  const timeout = checkInteger("Timeout", input.timeout ?? DEFAULT_TASK_TIMEOUT, 1, MAX_TASK_TIMEOUT);
  const name = input.taskChannel ?? "default";
  const channel = s.taskChannel(name);
  if (!channel)
    throw invalidParameter(
      "TaskChannel",
      `${name} is neither a TaskChannel SID nor a unique name in this Workspace`,
    );
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

class Walk {
  readonly filters: FilterEvaluation[] = [];
  readonly steps: SimulatedStep[] = [];
  pass = 0;

  constructor(
    private readonly s: WorkspaceState,
    private readonly config: WorkflowConfig,
    readonly task: Task,
  ) {}

  private at(age: number): number {
    return this.task.dateCreated + age;
  }

  /** router.walkFilters without the mutations. */
  walkFilters(from: number, timedOut: boolean, age: number): StepEnd {
    const { config, task } = this;
    for (let i = from; i < config.filters.length; i++) {
      const filter = config.filters[i];
      if (!filter) continue;
      const evaluation: FilterEvaluation = {
        pass: this.pass,
        index: i,
        name: filter.name,
        expression: filter.expression.source,
        evaluatedAt: this.at(age),
        result: "no_match",
      };
      this.filters.push(evaluation);
      if (!filterMatches(filter, task, this.at(age))) continue;
      evaluation.result = "matched";
      const end = this.enterStep(i, 0, age, age, timedOut ? "next_filter" : "filter_match");
      if (end.kind !== "skippedOut") return end;
      evaluation.result = "skipped";
    }
    if (!timedOut && config.defaultFilter) {
      const end = this.enterStep(-1, 0, age, age, "default_filter");
      if (end.kind !== "skippedOut") return end;
    }
    const cause = timedOut ? "workflow.timeout" : "workflow.skipped";
    return { kind: "done", result: { kind: "canceled", queueSid: null, workers: [], cause, atAge: age } };
  }

  /** router.enterStep: following skip_if; a wait with a deadline ends in `timedOut`. */
  enterStep(
    filterIndex: number,
    targetIndex: number,
    base: number,
    age: number,
    enteredBy: SimulatedStep["enteredBy"],
  ): StepEnd {
    const { s, task } = this;
    for (let k = targetIndex; ; k++) {
      const target = targetAt(this.config, filterIndex, k);
      if (!target) return { kind: "skippedOut" };
      if (target.priority !== null) task.priority = target.priority;
      const deadline = stepDeadlineOf(target, filterIndex, base);
      const queue = s.queuesById.get(target.queueSid);
      const now = this.at(age);
      const eligible = eligibleWorkers(s, task, target, target.queueSid, now, Number.POSITIVE_INFINITY);
      const picked = eligible.slice(0, queue?.maxReservedWorkers ?? 1);
      const step: SimulatedStep = {
        filterIndex,
        filterName: filterIndex >= 0 ? (this.config.filters[filterIndex]?.name ?? null) : null,
        isDefaultFilter: filterIndex === -1,
        targetIndex: k,
        enteredBy,
        enteredAtAge: age / 1000,
        enteredAt: now,
        queueSid: target.queueSid,
        queueName: queue?.friendlyName ?? target.queueSid,
        priority: task.priority,
        timeout: filterIndex === -1 ? null : target.timeout,
        deadlineAge: deadline === null ? null : deadline / 1000,
        deadlineAt: deadline === null ? null : this.at(deadline),
        members: s.indexes.membership.membersOf(target.queueSid).size,
        eligible: eligible.length,
        wouldReserve: picked.map((w) => ({ sid: w.sid, friendlyName: w.friendlyName })),
        skipIf: target.skipIf ? { expression: target.skipIf.source, evaluated: false, fires: false } : null,
        exit: "waits",
      };
      this.steps.push(step);
      if (picked.length > 0) {
        step.exit = "reserved";
        const result: SimulationResult = {
          kind: "reserved",
          queueSid: target.queueSid,
          workers: step.wouldReserve,
          cause: null,
          atAge: age,
        };
        return { kind: "done", result };
      }
      if (step.skipIf) {
        step.skipIf.evaluated = true;
        step.skipIf.fires = skipIfFires(s, target, now);
        if (step.skipIf.fires) {
          step.exit = "skip_if";
          base = deadline ?? age;
          enteredBy = "skip_if";
          continue;
        }
      }
      const waits = {
        kind: "waits" as const,
        queueSid: target.queueSid,
        workers: [],
        cause: null,
        atAge: age,
      };
      if (deadline === null) return { kind: "done", result: waits };
      if (deadline >= task.timeout * 1000) {
        step.exit = "ttl";
        return { kind: "done", result: waits };
      }
      step.exit = "timeout";
      return { kind: "timedOut", filterIndex, targetIndex: k, deadline };
    }
  }

  /** router.stepTimedOut, repeated until the projection ends. */
  follow(end: StepEnd): SimulationResult {
    while (end.kind === "timedOut") {
      this.pass++;
      const { filterIndex, targetIndex, deadline } = end;
      const next = targetAt(this.config, filterIndex, targetIndex + 1);
      const entered = next
        ? this.enterStep(filterIndex, targetIndex + 1, deadline, deadline, "timeout")
        : ({ kind: "skippedOut" } as const);
      end =
        entered.kind === "skippedOut"
          ? this.walkFilters(
              filterIndex === -1 ? this.config.filters.length : filterIndex + 1,
              true,
              deadline,
            )
          : entered;
    }
    if (end.kind === "skippedOut") throw new Error("unreachable: walkFilters never skips out");
    return end.result;
  }
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

/**
 * The simulation's walk (entry point: simulation.ts): where a task with these attributes would go
 * if it were created now, and where it would go next on each step timeout if nothing else changed. Nothing is stored, no event
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
import { eligibleWorkers } from "../routing/matching.ts";
import { filterMatches, skipIfFires, stepDeadlineOf, targetAt } from "../routing/router.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import type { WorkflowConfig } from "../workflow/config.ts";

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

export type StepEnd =
  | { kind: "done"; result: SimulationResult }
  | { kind: "timedOut"; filterIndex: number; targetIndex: number; deadline: number }
  | { kind: "skippedOut" };

export class Walk {
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

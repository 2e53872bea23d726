/**
 * Why each member of a queue is (not) eligible for one task at one target, grouped by reason.
 *
 * The verdict reuses the routing rules: `canTakeOn` (activity, channel, capacity) decides whether
 * the worker can take more work at all, and only when it says no do we look at which of its three
 * conditions failed; the pending-reservation, known-worker and target-expression checks are the
 * ones `isEligible` runs, in the same order. A worker that passes everything while the task
 * already holds MaxReservedWorkers pending reservations is reported as `max_reserved_workers`.
 *
 * Cost: O(members of the queue) (the membership index), never O(workers of the workspace); the
 * non-members are only counted, from totals.
 */
import type { Task, TaskQueue, Worker } from "../../domain/entities.ts";
import { hasPendingReservationWith, knownWorkerSid, matchesTarget } from "../routing/eligibility.ts";
import { blockingRule } from "../state/channel-rules.ts";
import { pendingReservations } from "../state/index-sync.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import type { TargetConfig } from "../workflow/config.ts";

export type IneligibleReason =
  | "pending_reservation_for_task"
  | "activity_unavailable"
  | "channel_disabled"
  | "no_capacity"
  | "channel_rule"
  | "known_worker_mismatch"
  | "target_expression"
  | "max_reserved_workers";

/** Order in which reasons are checked (and listed). */
export const REASONS: readonly IneligibleReason[] = [
  "pending_reservation_for_task",
  "activity_unavailable",
  "channel_disabled",
  "no_capacity",
  "channel_rule",
  "known_worker_mismatch",
  "target_expression",
  "max_reserved_workers",
];

export interface WorkerExample {
  sid: string;
  friendlyName: string;
  activityName: string | null;
  /** no_capacity only: the numbers behind the verdict. */
  configuredCapacity?: number;
  activeReservations?: number;
  /** channel_rule only: the `while` channel of the TasklaneChannelRules rule that blocks. */
  blockedWhile?: string;
}

export interface ReasonGroup {
  reason: IneligibleReason;
  description: string;
  count: number;
  examples: WorkerExample[];
  /** activity_unavailable only: how many members sit in each unavailable activity. */
  byActivity?: { activitySid: string; activityName: string; count: number }[];
}

export interface CandidateReport {
  members: number;
  eligible: { count: number; examples: WorkerExample[] };
  ineligible: ReasonGroup[];
}

type Verdict = { reason: IneligibleReason | null; example: WorkerExample };

function exampleOf(s: WorkspaceState, worker: Worker): WorkerExample {
  return {
    sid: worker.sid,
    friendlyName: worker.friendlyName,
    activityName: s.activitiesById.get(worker.activitySid)?.friendlyName ?? null,
  };
}

/** Which of canTakeOn's conditions fails (called only when canTakeOn is false). */
function capacityReason(s: WorkspaceState, worker: Worker, channelSid: string, example: WorkerExample) {
  if (!s.activitiesById.get(worker.activitySid)?.available) return "activity_unavailable" as const;
  const wc = s.channelsOf(worker.sid)?.get(channelSid);
  if (!wc?.available) return "channel_disabled" as const;
  const rule = s.multiTask ? blockingRule(s, worker.sid, channelSid) : null;
  if (rule && s.activeCount(worker.sid, channelSid) < wc.configuredCapacity) {
    example.blockedWhile = rule.while;
    return "channel_rule" as const;
  }
  example.configuredCapacity = wc.configuredCapacity;
  // Single-tasking: any active reservation on any channel fills the worker.
  example.activeReservations = s.multiTask
    ? s.activeCount(worker.sid, channelSid)
    : s.activeCount(worker.sid);
  return "no_capacity" as const;
}

/** The verdict for one worker; `ignoreCapacity` for tasks routed to a worker with IgnoreCapacity. */
export function verdictOf(
  s: WorkspaceState,
  task: Task,
  target: TargetConfig | null,
  worker: Worker,
  now: number,
  ignoreCapacity = false,
): Verdict {
  const example = exampleOf(s, worker);
  const at = (reason: IneligibleReason | null): Verdict => ({ reason, example });
  if (hasPendingReservationWith(s, task.sid, worker.sid)) return at("pending_reservation_for_task");
  if (!ignoreCapacity && !s.canTakeOn(worker.sid, task.taskChannelSid)) {
    return at(capacityReason(s, worker, task.taskChannelSid, example));
  }
  if (target) {
    const known = knownWorkerSid(s, task, target);
    if (known === null || (known !== undefined && known !== worker.sid)) return at("known_worker_mismatch");
    if (!matchesTarget(s, task, target, worker, now)) return at("target_expression");
  }
  return at(null);
}

function describe(s: WorkspaceState, task: Task, target: TargetConfig, reason: IneligibleReason): string {
  const channel = task.taskChannelUniqueName;
  switch (reason) {
    case "pending_reservation_for_task":
      return "already holds a pending reservation for this task";
    case "activity_unavailable":
      return "in an activity that is not available";
    case "channel_disabled":
      return `channel ${channel} is disabled (or missing) for the worker`;
    case "no_capacity":
      return s.multiTask
        ? `no free capacity on ${channel} (pending + accepted + wrapping reservations >= configured capacity)`
        : "already holds a reservation (single-tasking workspace)";
    case "channel_rule":
      return `holds a reservation on a channel that TasklaneChannelRules says blocks ${channel}`;
    case "known_worker_mismatch":
      return knownWorkerSid(s, task, target) === null
        ? `the step routes to a known worker, but task.${target.knownWorker?.path.join(".")} names no worker of this workspace`
        : "not the known worker the step routes to";
    case "target_expression":
      return `does not match the target expression ${target.expression?.source ?? ""}`.trim();
    case "max_reserved_workers":
      return "eligible, but the task already has MaxReservedWorkers pending reservations";
  }
}

/** Classify every member of `queue` for the task at `target`, with up to `examples` per reason. */
export function analyseMembers(
  s: WorkspaceState,
  task: Task,
  target: TargetConfig,
  queue: TaskQueue,
  now: number,
  examples: number,
): CandidateReport {
  const full = pendingReservations(s, task.sid) >= queue.maxReservedWorkers;
  const groups = new Map<IneligibleReason, ReasonGroup>();
  const byActivity = new Map<string, number>();
  const eligible: CandidateReport["eligible"] = { count: 0, examples: [] };
  const members = s.indexes.membership.membersOf(queue.sid);
  for (const sid of members) {
    const worker = s.workersById.get(sid);
    if (!worker) continue;
    const verdict = verdictOf(s, task, target, worker, now);
    const reason = verdict.reason ?? (full ? "max_reserved_workers" : null);
    if (reason === null) {
      eligible.count++;
      if (eligible.examples.length < examples) eligible.examples.push(verdict.example);
      continue;
    }
    let group = groups.get(reason);
    if (!group) {
      group = { reason, description: describe(s, task, target, reason), count: 0, examples: [] };
      groups.set(reason, group);
    }
    group.count++;
    if (group.examples.length < examples) group.examples.push(verdict.example);
    if (reason === "activity_unavailable")
      byActivity.set(worker.activitySid, (byActivity.get(worker.activitySid) ?? 0) + 1);
  }
  const activityGroup = groups.get("activity_unavailable");
  if (activityGroup) {
    activityGroup.byActivity = [...byActivity].map(([activitySid, count]) => ({
      activitySid,
      activityName: s.activitiesById.get(activitySid)?.friendlyName ?? activitySid,
      count,
    }));
  }
  const ineligible = REASONS.flatMap((r) => {
    const g = groups.get(r);
    return g ? [g] : [];
  });
  return { members: members.size, eligible, ineligible };
}

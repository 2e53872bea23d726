/** The one-line, human `summary` at the top of a task explanation. */
import type { Task } from "../../domain/entities.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import type { ReasonGroup } from "./candidates.ts";
import type { QueueReport, TaskExplanation } from "./explanation.ts";

const CANCEL_STORIES: Record<string, string> = {
  "Workflow Timeout": "its last workflow step timed out and no later filter matched",
  "Workflow Skipped": "no filter matched (or skip_if skipped them all) and there is no default_filter",
  "Task TTL Exceeded": "it reached its TTL (Timeout) while waiting",
  "Max assignment count exceeded": "it was reserved 1,000 times without being accepted",
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function groupPhrase(q: QueueReport, g: ReasonGroup, channel: string, multiTask: boolean): string[] {
  switch (g.reason) {
    case "activity_unavailable":
      return (g.byActivity ?? []).map((a) => `${a.count} ${a.activityName.toLowerCase()}`);
    case "channel_disabled":
      return [`${g.count} with ${channel} disabled`];
    case "no_capacity":
      return [
        multiTask ? `${g.count} at capacity on ${channel}` : `${g.count} busy with another reservation`,
      ];
    case "channel_rule":
      return [`${g.count} blocked from ${channel} by a channel rule`];
    case "known_worker_mismatch":
      return [`${g.count} not the known worker`];
    case "target_expression":
      return [`${g.count} failing the target expression`];
    case "pending_reservation_for_task":
      return [`${g.count} already reserved for it`];
    case "max_reserved_workers":
      return [`${g.count} eligible but MaxReservedWorkers (${q.maxReservedWorkers}) reached`];
  }
}

function queueSummary(e: TaskExplanation, q: QueueReport, multiTask: boolean): string {
  const parts = [plural(q.members, "member")];
  if (q.members === 0) parts[0] = "no worker matches its TargetWorkers";
  for (const g of q.ineligible) parts.push(...groupPhrase(q, g, e.taskChannel, multiTask));
  if (q.eligible.count > 0) parts.push(`${q.eligible.count} eligible`);
  const left = e.position?.stepSecondsLeft;
  const moves = left !== null && left !== undefined ? `; step times out in ${left} s` : "";
  return `${parts.join(", ")}${moves}`;
}

export function summaryOf(s: WorkspaceState, task: Task, e: TaskExplanation): string {
  switch (task.assignmentStatus) {
    case "assigned":
    case "wrapping": {
      const who = e.assignedTo ? `${e.assignedTo.workerName} (${e.assignedTo.workerSid})` : "a worker";
      const verb = task.assignmentStatus === "assigned" ? "Assigned to" : "Wrapping up with";
      return `${verb} ${who}, reservation ${e.assignedTo?.reservationSid ?? "?"} accepted`;
    }
    case "completed":
      return `Completed${e.assignedTo ? ` by ${e.assignedTo.workerName}` : ""}: ${task.reason ?? "no reason given"}`;
    case "canceled": {
      const story = CANCEL_STORIES[task.reason ?? ""];
      return `Canceled: ${task.reason || "no reason given"}${story ? ` (${story})` : ""}`;
    }
    default:
      break;
  }
  const pending = e.reservations.pending;
  const reserved =
    task.assignmentStatus === "reserved"
      ? `Reserved for ${pending.map((r) => r.workerName).join(", ") || "nobody"}, waiting for an answer`
      : null;
  if (e.direct) {
    const d = e.direct;
    const why = d.reason === null ? "the worker can take it now" : d.reason.replaceAll("_", " ");
    return reserved ?? `Routed directly to ${d.workerName ?? d.workerSid}: ${why}`;
  }
  const q = e.queue;
  if (!q) {
    const wf = task.workflowSid ? s.workflowConfigs.get(task.workflowSid) : undefined;
    return wf === null ? "Not in a queue: its workflow's configuration no longer parses" : "Not in a queue";
  }
  const heldUntil = s.indexes.holds.get(task.sid);
  const held =
    heldUntil === undefined
      ? ""
      : ` (held back from routing until ${new Date(heldUntil).toISOString()} after failed assignment callbacks)`;
  const head = reserved ? `${reserved}; queue ${q.queueName}` : `Waiting in queue ${q.queueName}${held}`;
  return `${head}: ${queueSummary(e, q, s.multiTask)}`;
}

/**
 * "Why is this task not assigned?": a read-only account of one task as it is now. Pending and
 * reserved tasks get their workflow position, the filters that match them now, TTL, reservations
 * and, for the current target's queue, every member's verdict grouped by reason (candidates.ts).
 * Assigned, wrapping, completed and canceled tasks get the short story of how they got there.
 */
import type { Task } from "../../domain/entities.ts";
import { notFound } from "../../domain/errors.ts";
import { MAX_ASSIGNMENT_COUNT } from "../machines/task.ts";
import { currentTarget } from "../routing/eligibility.ts";
import { directWorkerOf, pendingReservations } from "../state/index-sync.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";
import { analyseMembers, type CandidateReport, verdictOf, type WorkerExample } from "./candidates.ts";
import { type FilterCheck, filterChecks, positionOf, type WorkflowPosition } from "./position.ts";

export interface QueueReport extends CandidateReport {
  queueSid: string;
  queueName: string;
  maxReservedWorkers: number;
  pendingReservations: number;
  workersInWorkspace: number;
  /** Workers of the workspace whose attributes do not match the queue's TargetWorkers. */
  notInQueue: number;
}

export interface DirectReport {
  workerSid: string;
  workerName: string | null;
  ignoreCapacity: boolean;
  /** Null when the worker could take the task now. */
  reason: string | null;
  worker: WorkerExample | null;
}

export interface ReservationSummary {
  total: number;
  byStatus: Record<string, number>;
  assignmentCount: number;
  maxAssignmentCount: number;
  pending: { sid: string; workerSid: string; workerName: string; timeoutAt: number | null }[];
}

export interface TaskExplanation {
  taskSid: string;
  status: Task["assignmentStatus"];
  /** One human line; filled by summary.ts. */
  summary: string;
  priority: number;
  taskChannel: string;
  ageSeconds: number;
  ttlAt: number | null;
  ttlSecondsLeft: number | null;
  reason: string | null;
  workflowSid: string | null;
  position: WorkflowPosition | null;
  filters: FilterCheck[];
  reservations: ReservationSummary;
  queue: QueueReport | null;
  direct: DirectReport | null;
  /** Assigned / wrapping: the accepted reservation and its worker. */
  assignedTo: { reservationSid: string; workerSid: string; workerName: string } | null;
}

export interface ExplainOptions {
  /** Example workers per reason (default 5). */
  examples?: number;
}

const OPEN = new Set(["pending", "reserved"]);

function reservationsOf(s: WorkspaceState, task: Task): ReservationSummary {
  const byStatus: Record<string, number> = {};
  const pending: ReservationSummary["pending"] = [];
  const all = s.reservationsOfTask(task.sid);
  for (const r of all) {
    byStatus[r.reservationStatus] = (byStatus[r.reservationStatus] ?? 0) + 1;
    if (r.reservationStatus === "pending")
      pending.push({ sid: r.sid, workerSid: r.workerSid, workerName: r.workerName, timeoutAt: r.timeoutAt });
  }
  return {
    total: all.length,
    byStatus,
    assignmentCount: task.assignmentCount,
    maxAssignmentCount: MAX_ASSIGNMENT_COUNT,
    pending,
  };
}

function queueReport(s: WorkspaceState, task: Task, now: number, examples: number): QueueReport | null {
  const target = currentTarget(s, task);
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  if (!target || !queue) return null;
  const report = analyseMembers(s, task, target, queue, now, examples);
  return {
    queueSid: queue.sid,
    queueName: queue.friendlyName,
    maxReservedWorkers: queue.maxReservedWorkers,
    pendingReservations: pendingReservations(s, task.sid),
    workersInWorkspace: s.workersById.size,
    notInQueue: s.workersById.size - report.members,
    ...report,
  };
}

function directReport(s: WorkspaceState, task: Task, workerSid: string, now: number): DirectReport {
  const worker = s.workersById.get(workerSid);
  const ignoreCapacity = task.ignoreCapacity ?? true;
  if (!worker)
    return {
      workerSid,
      workerName: null,
      ignoreCapacity,
      reason: "the worker no longer exists",
      worker: null,
    };
  const verdict = verdictOf(s, task, null, worker, now, ignoreCapacity);
  return {
    workerSid,
    workerName: worker.friendlyName,
    ignoreCapacity,
    reason: verdict.reason,
    worker: verdict.example,
  };
}

function assignedTo(s: WorkspaceState, task: Task): TaskExplanation["assignedTo"] {
  const r = s
    .reservationsOfTask(task.sid)
    .find((x) => ["accepted", "wrapping", "completed"].includes(x.reservationStatus));
  return r ? { reservationSid: r.sid, workerSid: r.workerSid, workerName: r.workerName } : null;
}

export function explainTask(
  s: WorkspaceState,
  taskSid: string,
  now: number,
  options: ExplainOptions = {},
): TaskExplanation {
  const task = s.tasksById.get(taskSid);
  if (!task) throw notFound("Task", taskSid);
  const examples = options.examples ?? 5;
  const open = OPEN.has(task.assignmentStatus);
  const direct = directWorkerOf(task);
  const ttlAt = open ? task.dateCreated + task.timeout * 1000 : null;
  return {
    taskSid: task.sid,
    status: task.assignmentStatus,
    summary: "",
    priority: task.priority,
    taskChannel: task.taskChannelUniqueName,
    ageSeconds: Math.max(0, Math.floor((now - task.dateCreated) / 1000)),
    ttlAt,
    ttlSecondsLeft: ttlAt === null ? null : Math.max(0, Math.ceil((ttlAt - now) / 1000)),
    reason: task.reason,
    workflowSid: task.workflowSid,
    position: direct ? null : positionOf(s, task, now),
    filters: open && !direct ? filterChecks(s, task, now) : [],
    reservations: reservationsOf(s, task),
    queue: open && !direct ? queueReport(s, task, now, examples) : null,
    direct: open && direct ? directReport(s, task, direct, now) : null,
    assignedTo: open ? null : assignedTo(s, task),
  };
}

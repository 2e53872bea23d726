/**
 * Brute-force references for the statistics: real-time figures recomputed by scanning every task
 * and worker of a view, cumulative figures by scanning every event of the history. Written
 * independently of src/stats and src/engine/stats (no shared helpers) so the property test compares
 * two implementations.
 */
import type { Task } from "../../src/domain/entities.ts";
import type { DomainEvent } from "../../src/domain/event-types.ts";
import type { OpenStatus, StatsScope, TaskFigures } from "../../src/engine/stats/figures.ts";
import type { WorkspaceView } from "../../src/engine/view.ts";
import { compileExpression } from "../../src/expression/index.ts";

const OPEN = ["pending", "reserved", "assigned", "wrapping"];

function inScope(task: Task, scope: StatsScope): boolean {
  if (scope.kind === "workspace") return true;
  if (scope.kind === "queue") return task.taskQueueSid === scope.sid;
  return task.workflowSid === scope.sid;
}

export function bruteTasks(view: WorkspaceView, scope: StatsScope, channelSid?: string): TaskFigures {
  const byStatus: Record<OpenStatus, number> = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  const byPriority = new Map<number, number>();
  let total = 0;
  let oldest: Task | null = null;
  let firstIn: Task | null = null;
  for (const task of view.tasks()) {
    if (!OPEN.includes(task.assignmentStatus) || !inScope(task, scope)) continue;
    if (channelSid !== undefined && task.taskChannelSid !== channelSid) continue;
    total++;
    byStatus[task.assignmentStatus as OpenStatus]++;
    byPriority.set(task.priority, (byPriority.get(task.priority) ?? 0) + 1);
    if (task.assignmentStatus !== "pending" && task.assignmentStatus !== "reserved") continue;
    if (
      oldest === null ||
      task.dateCreated < oldest.dateCreated ||
      (task.dateCreated === oldest.dateCreated && task.sid < oldest.sid)
    )
      oldest = task;
    const at = task.taskQueueEnteredDate;
    if (scope.kind === "queue" && at !== null) {
      const best = firstIn?.taskQueueEnteredDate ?? Number.POSITIVE_INFINITY;
      if (firstIn === null || at < best || (at === best && task.sid < firstIn.sid)) firstIn = task;
    }
  }
  return {
    total,
    byStatus,
    byPriority: [...byPriority].sort((a, b) => a[0] - b[0]),
    longestWaiting: oldest ? { sid: oldest.sid, since: oldest.dateCreated } : null,
    longestInQueue:
      firstIn && firstIn.taskQueueEnteredDate !== null
        ? { sid: firstIn.sid, since: firstIn.taskQueueEnteredDate }
        : null,
  };
}

export function bruteWorkersByActivity(view: WorkspaceView): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of view.workers()) out.set(w.activitySid, (out.get(w.activitySid) ?? 0) + 1);
  return out;
}

export function bruteQueueWorkers(view: WorkspaceView, queueSid: string, channelSid?: string) {
  const queue = view.taskQueue(queueSid);
  if (!queue) throw new Error(`no queue ${queueSid}`);
  const expr = compileExpression(queue.targetWorkers, { where: "TargetWorkers" });
  const byActivity = new Map<string, number>();
  let eligible = 0;
  let available = 0;
  for (const w of view.workers()) {
    if (!expr.matches(w.attrs)) continue;
    eligible++;
    byActivity.set(w.activitySid, (byActivity.get(w.activitySid) ?? 0) + 1);
    const activityAvailable = view.activity(w.activitySid)?.available ?? false;
    if (channelSid === undefined) {
      if (activityAvailable) available++;
      continue;
    }
    const wc = view.workerChannel(w.sid, channelSid);
    if (!activityAvailable || !wc?.available || wc.configuredCapacity <= 0) continue;
    const active = view
      .reservationsOfWorker(w.sid)
      .filter((r) => ["pending", "accepted", "wrapping"].includes(r.reservationStatus));
    const ok = view.workspace.multiTaskEnabled
      ? active.filter((r) => r.taskChannelSid === channelSid).length < wc.configuredCapacity
      : active.length === 0;
    if (ok) available++;
  }
  return { eligible, available, byActivity };
}

export interface NaiveAgg {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface NaiveCumulative {
  counters: Record<string, number>;
  measures: Record<string, NaiveAgg>;
  activities: Map<string, NaiveAgg>;
  acceptedWaits: number[];
  canceledWaits: number[];
}

function agg(values: number[]): NaiveAgg {
  if (values.length === 0) return { count: 0, sum: 0, min: 0, max: 0 };
  return {
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

const RES: Record<string, string> = {
  "reservation.created": "reservations_created",
  "reservation.accepted": "reservations_accepted",
  "reservation.rejected": "reservations_rejected",
  "reservation.timeout": "reservations_timed_out",
  "reservation.canceled": "reservations_canceled",
  "reservation.rescinded": "reservations_rescinded",
};

/**
 * Cumulative figures of `scope` ("ws", "q:WQ…", "wf:WW…", "wk:WK…") over [start, end] by reading
 * every event of the history. Channel-narrowed queries leave activity durations unfiltered.
 */
export function bruteCumulative(
  history: readonly DomainEvent[],
  scope: string,
  start: number,
  end: number,
  channelSid?: string,
): NaiveCumulative {
  const counters: Record<string, number> = {};
  const bump = (name: string) => {
    counters[name] = (counters[name] ?? 0) + 1;
  };
  const waits: Record<string, number[]> = { acc: [], can: [], inq: [] };
  const activityValues = new Map<string, number[]>();
  const queueOf = new Map<string, string>();
  for (const e of history) {
    const f = e.fields;
    const task = f.TaskSid as string | undefined;
    let movedFrom: string | null = null;
    if (e.eventType === "task-queue.entered" && task) {
      const before = queueOf.get(task);
      if (before !== undefined && before !== f.TaskQueueSid) movedFrom = before;
      queueOf.set(task, f.TaskQueueSid as string);
    }
    if (
      ["task.canceled", "task.completed", "task.deleted", "task.system-deleted"].includes(e.eventType) &&
      task
    )
      queueOf.delete(task);
    if (e.timestamp < start || e.timestamp > end) continue;
    const matchesChannel = channelSid === undefined || f.TaskChannelSid === channelSid;
    const isWs = scope === "ws";
    const inQ = scope === `q:${f.TaskQueueSid}`;
    const inWf = scope === `wf:${f.WorkflowSid}`;
    const inWk = scope === `wk:${f.WorkerSid}`;
    const type = e.eventType;
    if (type === "worker.activity.update") {
      if (isWs || inWk) {
        const key = f.WorkerPreviousActivitySid as string;
        const list = activityValues.get(key) ?? [];
        list.push(f.WorkerTimeInPreviousActivity as number);
        activityValues.set(key, list);
      }
      continue;
    }
    if (!matchesChannel) continue;
    const res = RES[type];
    if (res && (isWs || inQ || inWf || inWk)) bump(res);
    if (type === "reservation.accepted" && (isWs || inQ || inWf)) {
      waits.acc?.push(f.TaskAge as number);
      if (inQ) waits.inq?.push(Math.floor(e.timestamp / 1000) - (f.TaskQueueEnteredDate as number));
    }
    if (type === "task.created" && isWs) bump("tasks_created");
    if (type === "workflow.entered" && inWf) bump("tasks_entered");
    if (type === "task-queue.entered") {
      if (inQ) bump("tasks_entered");
      if (movedFrom !== null && (isWs || scope === `q:${movedFrom}` || inWf)) bump("tasks_moved");
    }
    if (type === "workflow.timeout" && (isWs || inWf)) bump("tasks_timed_out_in_workflow");
    if (isWs || inQ || inWf) {
      if (type === "task.canceled") {
        bump("tasks_canceled");
        waits.can?.push(f.TaskAge as number);
      }
      if (type === "task.completed") bump("tasks_completed");
      if (type === "task.deleted" || type === "task.system-deleted") bump("tasks_deleted");
    }
  }
  return {
    counters,
    measures: {
      wait_duration_until_accepted: agg(waits.acc ?? []),
      wait_duration_until_canceled: agg(waits.can ?? []),
      wait_duration_in_queue_until_accepted: agg(waits.inq ?? []),
    },
    activities: new Map([...activityValues].map(([k, v]) => [k, agg(v)])),
    acceptedWaits: [...(waits.acc ?? [])].sort((a, b) => a - b),
    canceledWaits: [...(waits.can ?? [])].sort((a, b) => a - b),
  };
}

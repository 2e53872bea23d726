/**
 * Facts: the few numbers cumulative statistics need from one committed event, kept compact so 30
 * days of history fit in memory. `contributions` says which counters and measures a fact feeds in
 * which scope; the per-minute buckets and the exact scan of partial minutes both use it, so they
 * cannot disagree.
 *
 * Scopes: "ws" (workspace), "q:WQ…" (queue), "wf:WW…" (workflow), "wk:WK…" (worker).
 * Durations are whole seconds: task waits are the event's TaskAge (creation -> the event, so a
 * transferred task still counts from its creation), the in-queue wait runs from TaskQueueEnteredDate;
 * activity time is WorkerTimeInPreviousActivity, counted when the worker leaves the activity.
 */
import type { DomainEvent, EventFieldValue } from "../../domain/event-types.ts";

export const COUNTERS = [
  "reservations_created",
  "reservations_accepted",
  "reservations_rejected",
  "reservations_timed_out",
  "reservations_canceled",
  "reservations_rescinded",
  "tasks_created",
  "tasks_entered",
  "tasks_canceled",
  "tasks_completed",
  "tasks_deleted",
  "tasks_moved",
  "tasks_timed_out_in_workflow",
] as const;
export type CounterName = (typeof COUNTERS)[number];

export const MEASURES = [
  "wait_duration_until_accepted",
  "wait_duration_until_canceled",
  "wait_duration_in_queue_until_accepted",
] as const;
export type MeasureName = (typeof MEASURES)[number];

export interface Fact {
  /** Epoch ms (never before the previous fact of the workspace). */
  t: number;
  type: string;
  channel: string | null;
  queue: string | null;
  workflow: string | null;
  worker: string | null;
  /** Seconds: task age, or time in the previous activity. */
  value: number;
  /** Seconds in the queue before acceptance (reservation.accepted). */
  inQueue: number;
  /** The activity left (worker.activity.update). */
  activity: string | null;
  /** The queue the task left for this one (task-queue.entered). */
  movedFrom: string | null;
}

export type Contribution =
  | { kind: "counter"; scope: string; name: CounterName }
  | { kind: "measure"; scope: string; name: MeasureName; value: number }
  | { kind: "activity"; scope: string; activity: string; value: number };

const RESERVATION_COUNTERS: Record<string, CounterName> = {
  "reservation.created": "reservations_created",
  "reservation.accepted": "reservations_accepted",
  "reservation.rejected": "reservations_rejected",
  "reservation.timeout": "reservations_timed_out",
  "reservation.canceled": "reservations_canceled",
  "reservation.rescinded": "reservations_rescinded",
};
const TASK_COUNTERS: Record<string, CounterName> = {
  "task.canceled": "tasks_canceled",
  "task.completed": "tasks_completed",
  "task.deleted": "tasks_deleted",
  "task.system-deleted": "tasks_deleted",
};
const ENDS_TASK = new Set(["task.canceled", "task.completed", "task.deleted", "task.system-deleted"]);

export function isCountedEvent(type: string): boolean {
  return (
    type in RESERVATION_COUNTERS ||
    type in TASK_COUNTERS ||
    type === "task.created" ||
    type === "workflow.entered" ||
    type === "task-queue.entered" ||
    type === "workflow.timeout" ||
    type === "worker.activity.update"
  );
}

const str = (v: EventFieldValue | undefined): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: EventFieldValue | undefined): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/**
 * The fact of one event, or null when no statistic reads it. `queueOf` remembers each open task's
 * queue (to count moves); it is updated here, in commit order.
 */
export function factOf(event: DomainEvent, t: number, queueOf: Map<string, string>): Fact | null {
  const type = event.eventType;
  if (!isCountedEvent(type)) return null;
  const f = event.fields;
  const taskSid = str(f.TaskSid);
  let movedFrom: string | null = null;
  if (type === "task-queue.entered" && taskSid !== null) {
    const queue = str(f.TaskQueueSid);
    const before = queueOf.get(taskSid);
    if (before !== undefined && queue !== null && before !== queue) movedFrom = before;
    if (queue !== null) queueOf.set(taskSid, queue);
  } else if (ENDS_TASK.has(type) && taskSid !== null) queueOf.delete(taskSid);
  const entered = f.TaskQueueEnteredDate;
  return {
    t,
    type,
    channel: str(f.TaskChannelSid),
    queue: str(f.TaskQueueSid),
    workflow: str(f.WorkflowSid),
    worker: str(f.WorkerSid),
    value: type === "worker.activity.update" ? num(f.WorkerTimeInPreviousActivity) : num(f.TaskAge),
    inQueue:
      typeof entered === "number"
        ? Math.max(0, Math.floor(event.timestamp / 1000) - entered)
        : num(f.TaskAge),
    activity: str(f.WorkerPreviousActivitySid),
    movedFrom,
  };
}

function counter(out: Contribution[], name: CounterName, scopes: ReadonlyArray<string | null>): void {
  for (const scope of scopes) if (scope !== null) out.push({ kind: "counter", scope, name });
}

function measure(
  out: Contribution[],
  name: MeasureName,
  scopes: ReadonlyArray<string | null>,
  value: number,
): void {
  for (const scope of scopes) if (scope !== null) out.push({ kind: "measure", scope, name, value });
}

/** Every (scope, counter/measure) a fact feeds. */
export function contributions(fact: Fact): Contribution[] {
  const out: Contribution[] = [];
  const q = fact.queue === null ? null : `q:${fact.queue}`;
  const wf = fact.workflow === null ? null : `wf:${fact.workflow}`;
  const wk = fact.worker === null ? null : `wk:${fact.worker}`;
  const reservation = RESERVATION_COUNTERS[fact.type];
  const task = TASK_COUNTERS[fact.type];
  if (reservation) {
    counter(out, reservation, ["ws", q, wf, wk]);
    if (fact.type === "reservation.accepted") {
      measure(out, "wait_duration_until_accepted", ["ws", q, wf], fact.value);
      measure(out, "wait_duration_in_queue_until_accepted", [q], fact.inQueue);
    }
  } else if (task) {
    counter(out, task, ["ws", q, wf]);
    if (fact.type === "task.canceled")
      measure(out, "wait_duration_until_canceled", ["ws", q, wf], fact.value);
  } else if (fact.type === "task.created") counter(out, "tasks_created", ["ws"]);
  else if (fact.type === "workflow.entered") counter(out, "tasks_entered", [wf]);
  else if (fact.type === "task-queue.entered") {
    counter(out, "tasks_entered", [q]);
    if (fact.movedFrom !== null) counter(out, "tasks_moved", ["ws", `q:${fact.movedFrom}`, wf]);
  } else if (fact.type === "workflow.timeout") counter(out, "tasks_timed_out_in_workflow", ["ws", wf]);
  else if (fact.type === "worker.activity.update" && fact.activity !== null) {
    for (const scope of ["ws", wk])
      if (scope !== null) out.push({ kind: "activity", scope, activity: fact.activity, value: fact.value });
  }
  return out;
}

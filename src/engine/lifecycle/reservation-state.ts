/**
 * Reservation state machine (the offer of one task to one worker):
 *
 *   pending --accept--> accepted --task wrapping--> wrapping --task completed--> completed
 *   pending --reject--> rejected          pending --no answer in time--> timeout
 *   pending --task canceled/deleted--> canceled
 *   pending --another worker accepted the task--> rescinded
 *   accepted --task completed--> completed
 *
 * pending, accepted and wrapping hold capacity on the worker's channel (`activeByWorker`); the
 * other states are final. Only a pending reservation has a timer (timeoutAt).
 * This file creates reservations and moves their status; the task-side consequences live in
 * task-transitions.ts and reservation-transitions.ts.
 */
import type { Reservation, ReservationStatus, Task, TaskQueue, Worker } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { reservationFields, taskAgeSeconds } from "../events/fields.ts";
import { refreshWorker, syncTask } from "../routing/indexing.ts";
import { getOrCreate } from "../state/queue-membership.ts";
import { ACTIVE_RESERVATION } from "../state/workspace-state.ts";
import { setWorkerActivity } from "../workers/activity.ts";

export const DEFAULT_RESERVATION_TIMEOUT = 120;

/** Move a reservation to `status`, keeping capacity accounting and its timer in step. */
export function setReservationStatus(ctx: Ctx, res: Reservation, status: ReservationStatus): void {
  const s = ctx.s;
  res.reservationStatus = status;
  if (status !== "pending") {
    res.timeoutAt = null;
    s.indexes.timers.arm("reservation", res.sid, null);
  }
  const active = getOrCreate(s.activeByWorker, res.workerSid, () => new Set<string>());
  if (ACTIVE_RESERVATION.has(status)) active.add(res.sid);
  else active.delete(res.sid);
  ctx.touch("reservation", res);
  refreshWorker(s, res.workerSid);
}

/** Offer `task` to `worker`: a new pending reservation, events, assignment callback effect. */
export function createReservation(
  ctx: Ctx,
  task: Task,
  worker: Worker,
  queue: TaskQueue | null,
): Reservation {
  const s = ctx.s;
  const workflow = task.workflowSid ? s.workflowsById.get(task.workflowSid) : undefined;
  const timeoutSeconds = workflow?.taskReservationTimeout ?? DEFAULT_RESERVATION_TIMEOUT;
  const res: Reservation = {
    sid: ctx.newSid("WR"),
    workspaceSid: s.workspace.sid,
    taskSid: task.sid,
    workerSid: worker.sid,
    workerName: worker.friendlyName,
    taskQueueSid: queue?.sid ?? null,
    workflowSid: task.workflowSid,
    taskChannelSid: task.taskChannelSid,
    reservationStatus: "pending",
    timeoutSeconds,
    timeoutAt: ctx.now + timeoutSeconds * 1000,
    workerPreviousActivitySid: worker.activitySid,
    instruction: null,
    instructionParams: null,
    canceledReasonCode: null,
    version: 0,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  s.reservationsById.set(res.sid, res);
  getOrCreate(s.reservationsByTask, task.sid, () => []).push(res.sid);
  getOrCreate(s.reservationsByWorker, worker.sid, () => []).push(res.sid);
  getOrCreate(s.activeByWorker, worker.sid, () => new Set<string>()).add(res.sid);
  s.indexes.timers.arm("reservation", res.sid, res.timeoutAt);
  ctx.created("reservation", res);

  if (task.assignmentStatus === "pending") {
    task.assignmentStatus = "reserved";
    task.assignmentCount += 1;
  }
  ctx.touch("task", task);
  worker.lastAssignedAt = ctx.now;
  ctx.touch("worker", worker);
  const wc = s.channelsOfWorker.get(worker.sid)?.get(task.taskChannelSid);
  if (wc) {
    wc.lastReservedTime = ctx.now;
    ctx.touch("workerChannel", wc);
  }
  ctx.emit(
    "reservation.created",
    res.sid,
    `Reservation ${res.sid} created for Worker ${worker.friendlyName}`,
    reservationFields(s, res, ctx.now),
  );
  if (workflow?.assignmentCallbackUrl) {
    ctx.effects.push({
      type: "assignmentCallback",
      reservationSid: res.sid,
      taskSid: task.sid,
      workflowSid: workflow.sid,
      url: workflow.assignmentCallbackUrl,
      fallbackUrl: workflow.fallbackAssignmentCallbackUrl,
      params: {
        AccountSid: s.workspace.accountSid,
        WorkspaceSid: s.workspace.sid,
        WorkflowSid: workflow.sid,
        TaskQueueSid: queue?.sid ?? "",
        TaskSid: task.sid,
        TaskAttributes: task.attributes,
        TaskAge: String(taskAgeSeconds(task, ctx.now)),
        TaskPriority: String(task.priority),
        WorkerSid: worker.sid,
        WorkerName: worker.friendlyName,
        WorkerAttributes: worker.attributes,
        ReservationSid: res.sid,
        Timestamp: String(Math.floor(ctx.now / 1000)),
      },
    });
  }
  if (!s.multiTask && queue?.reservationActivitySid)
    setWorkerActivity(ctx, worker, queue.reservationActivitySid);
  refreshWorker(s, worker.sid);
  syncTask(s, task);
  return res;
}

/**
 * An offer: one reservation from its creation to the worker's answer, with what each step does to
 * the task and the worker. The reservation's status moves through machines/reservation.ts, the
 * task's through machines/task.ts, the worker's activity through machines/worker-activity.ts.
 *
 *   open     (none) -> pending        task pending -> reserved; single-tasking: worker to the
 *                                     queue's reservation activity; assignment callback effect
 *   accept   pending -> accepted      task reserved -> assigned; the task's other pending
 *                                     reservations are rescinded; single-tasking: worker to the
 *                                     queue's assignment activity
 *   reject   pending -> rejected      worker optionally moves activity; task back to pending and
 *                                     re-routed when no other reservation is pending
 *   timeout  pending -> timeout       worker to the workspace timeout activity; task as for reject;
 *                                     its step timers kept running on task age meanwhile
 *   callbackFailed pending -> canceled  as reject, the worker back to its previous activity
 *                                     (single-tasking)
 */
import type { Reservation, Task, TaskQueue, Worker } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { reservationFields, taskAgeSeconds } from "../events/fields.ts";
import { DEFAULT_RESERVATION_TIMEOUT, emitReservation, moveReservation } from "./reservation.ts";
import { afterReservationEnded, assignTask, reserveTask } from "./task.ts";
import { activeTransfer } from "./transfer.ts";
import { transferOfferAccepted, transferOfferEnded } from "./transfer-outcomes.ts";
import { canMoveWorkerActivity, moveWorkerActivity } from "./worker-activity.ts";

/** Offer `task` to `worker`: a new pending reservation, events, assignment callback effect. */
export function openReservation(ctx: Ctx, task: Task, worker: Worker, queue: TaskQueue | null): Reservation {
  const s = ctx.s;
  const workflow = task.workflowSid ? s.workflowsById.get(task.workflowSid) : undefined;
  const timeoutSeconds = workflow?.taskReservationTimeout ?? DEFAULT_RESERVATION_TIMEOUT;
  const active = activeTransfer(task);
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
  // An offer made while the task is being transferred is the transfer's (docs/transfers.md). Set
  // after the literal: a conditional spread inside it takes V8's slow object-building path.
  if (active !== undefined) res.transferSid = active.sid;
  // A pending task is re-filed by reserveTask's status change just below, not twice.
  s.addReservation(res, worker, ctx.now, task.assignmentStatus !== "pending");
  ctx.created("reservation", res);

  reserveTask(ctx, task);
  ctx.touch("worker", worker);
  const wc = s.channelsOf(worker.sid)?.get(task.taskChannelSid);
  if (wc) {
    wc.lastReservedTime = ctx.now;
    ctx.touch("workerChannel", wc);
  }
  ctx.emitBuilt(
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
  const reserving = queue?.reservationActivitySid;
  if (reserving && canMoveWorkerActivity(s, "reserve", reserving))
    moveWorkerActivity(ctx, worker, reserving, "reserve");
  return res;
}

export function acceptReservation(ctx: Ctx, res: Reservation, task: Task): void {
  const s = ctx.s;
  moveReservation(ctx, res, "accepted");
  assignTask(ctx, task);
  const worker = s.workersById.get(res.workerSid);
  if (worker) {
    s.recordAssignment(worker, ctx.now);
    ctx.touch("worker", worker);
  }
  emitReservation(ctx, "reservation.accepted", res, `Reservation ${res.sid} accepted`);
  for (const other of s.reservationsOfTask(task.sid)) {
    if (other.sid === res.sid || other.reservationStatus !== "pending") continue;
    moveReservation(ctx, other, "rescinded");
    emitReservation(ctx, "reservation.rescinded", other, `Reservation ${other.sid} rescinded`);
    ctx.enqueue({ kind: "worker", sid: other.workerSid });
  }
  transferOfferAccepted(ctx, task, res);
  const queue = res.taskQueueSid ? s.queuesById.get(res.taskQueueSid) : undefined;
  const assigning = queue?.assignmentActivitySid;
  if (worker && assigning && canMoveWorkerActivity(s, "accept", assigning))
    moveWorkerActivity(ctx, worker, assigning, "accept");
}

/** `activitySid`: where the worker goes; null keeps the current activity. */
export function rejectReservation(ctx: Ctx, res: Reservation, task: Task, activitySid: string | null): void {
  const s = ctx.s;
  moveReservation(ctx, res, "rejected");
  emitReservation(ctx, "reservation.rejected", res, `Reservation ${res.sid} rejected`);
  const worker = s.workersById.get(res.workerSid);
  // Single-tasking moved the worker to the queue's reservation activity: without an explicit
  // activity it returns to the one it had before the reservation.
  const target = activitySid ?? (s.multiTask ? null : res.workerPreviousActivitySid);
  if (worker && target && canMoveWorkerActivity(s, "reject", target))
    moveWorkerActivity(ctx, worker, target, "reject");
  if (!transferOfferEnded(ctx, task, res, "rejected")) afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

export function timeoutReservation(ctx: Ctx, res: Reservation, task: Task): void {
  const s = ctx.s;
  moveReservation(ctx, res, "timeout");
  emitReservation(ctx, "reservation.timeout", res, `Reservation ${res.sid} timed out`);
  const worker = s.workersById.get(res.workerSid);
  if (worker) moveWorkerActivity(ctx, worker, s.workspace.timeoutActivitySid, "timeout");
  if (!transferOfferEnded(ctx, task, res, "timeout")) afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

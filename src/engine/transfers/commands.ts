/**
 * Transfer commands (docs/transfers.md): a worker transfers a task it holds to a worker or a queue
 * (`transfer.create`, the SDK's task.transfer()), or cancels its initiated transfer
 * (`transfer.cancel`, outgoingTransfer.cancel()). Everything is checked before anything changes.
 *
 *   create   the transfer (initiated, task.transfer-initiated); Attributes/Priority applied; COLD:
 *            the initiating reservation wraps; then the offer:
 *              WORKER  the worker can take it now -> task pending -> reserved (reservation.created);
 *                      it cannot -> the transfer fails at once (machines/transfer-outcomes.ts)
 *              QUEUE   task pending, filed in the queue as a final step (task-queue.entered), the
 *                      queue's matching offers it
 *            task.updated when the task changed.
 *   cancel   pending offers canceled, transfer canceled, the task goes back.
 */
import type { Reservation, Task, Transfer, TransferMode, Worker } from "../../domain/entities.ts";
import { forbidden, invalidParameter, invalidState, notFound } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { openReservation } from "../machines/offer.ts";
import { emitReservation, moveReservation } from "../machines/reservation.ts";
import { emitTask, moveTask } from "../machines/task.ts";
import { activeTransfer, emitTransfer, transferOf } from "../machines/transfer.ts";
import { cancelTransfer, failTransfer } from "../machines/transfer-outcomes.ts";
import { moveStep } from "../machines/workflow-step.ts";
import { reserveForTask } from "../routing/matching.ts";
import { getTask } from "../tasks/commands.ts";
import { checkInteger, MAX_PRIORITY, parseAttributes } from "../validation/params.ts";

const MODES: readonly TransferMode[] = ["WARM", "COLD"];

function modeOf(value: string | undefined): TransferMode {
  if (value === undefined || value === "") return "WARM";
  const mode = MODES.find((m) => m === value.toUpperCase());
  if (mode === undefined) throw invalidParameter("Mode", `must be WARM or COLD, not ${value}`);
  return mode;
}

/** The transferring reservation: the worker's own, of this task, accepted. */
function initiatingReservation(ctx: Ctx, task: Task, cmd: CommandOf<"transfer.create">): Reservation {
  const res = isSid(cmd.reservationSid, "WR") ? ctx.s.reservationsById.get(cmd.reservationSid) : undefined;
  if (res === undefined || res.taskSid !== task.sid) throw notFound("Reservation", cmd.reservationSid);
  if (res.workerSid !== cmd.workerSid)
    throw forbidden(`Reservation ${res.sid} belongs to another worker than ${cmd.workerSid}`);
  if (res.reservationStatus !== "accepted")
    throw invalidState(
      `Reservation ${res.sid} is ${res.reservationStatus}: only an accepted reservation can transfer its task`,
    );
  return res;
}

type Target = { type: "WORKER"; worker: Worker } | { type: "QUEUE"; queueSid: string };

function targetOf(ctx: Ctx, to: string, from: string): Target {
  if (isSid(to, "WK")) {
    const worker = ctx.s.workersById.get(to);
    if (worker === undefined) throw invalidParameter("To", `${to} is not a Worker of this workspace`);
    if (worker.sid === from) throw invalidParameter("To", `${to} is the transferring worker itself`);
    return { type: "WORKER", worker };
  }
  if (isSid(to, "WQ")) {
    if (!ctx.s.queuesById.has(to)) throw invalidParameter("To", `${to} is not a TaskQueue of this workspace`);
    return { type: "QUEUE", queueSid: to };
  }
  throw invalidParameter("To", `must be a Worker (WK…) or TaskQueue (WQ…) SID, not ${to}`);
}

/** Why `worker` cannot take `task` now, or null when it can. */
function unableToTake(ctx: Ctx, task: Task, worker: Worker): string | null {
  if (!ctx.s.activitiesById.get(worker.activitySid)?.available) return "its activity is not available";
  if (
    ctx.s
      .reservationsOfTask(task.sid)
      .some((r) => r.workerSid === worker.sid && LIVE.has(r.reservationStatus))
  )
    return "it already holds a reservation of the task";
  if (!ctx.s.canTakeOn(worker.sid, task.taskChannelSid))
    return `it has no free capacity on channel ${task.taskChannelUniqueName}`;
  return null;
}

const LIVE = new Set(["pending", "accepted", "wrapping"]);

export function createTransfer(ctx: Ctx, cmd: CommandOf<"transfer.create">): Transfer {
  const s = ctx.s;
  const task = getTask(ctx, cmd.taskSid);
  const res = initiatingReservation(ctx, task, cmd);
  const running = activeTransfer(task);
  if (running !== undefined)
    throw invalidState(`Task ${task.sid} already has an initiated transfer ${running.sid}`);
  if (task.assignmentStatus !== "assigned")
    throw invalidState(
      `Task ${task.sid} is ${task.assignmentStatus}: only an assigned task can be transferred`,
    );
  const target = targetOf(ctx, cmd.to, cmd.workerSid);
  const mode = modeOf(cmd.mode);
  const attrs = cmd.attributes === undefined ? undefined : parseAttributes("Attributes", cmd.attributes);
  const priority =
    cmd.priority === undefined ? undefined : checkInteger("Priority", cmd.priority, 0, MAX_PRIORITY);

  const transfer: Transfer = {
    sid: ctx.newSid("TT"),
    taskSid: task.sid,
    mode,
    type: target.type,
    to: cmd.to,
    status: "initiated",
    failedReason: null,
    initiatingReservationSid: res.sid,
    initiatingWorkerSid: res.workerSid,
    initiatingQueueSid: task.taskQueueSid,
    initiatingWorkflowSid: task.workflowSid,
    returnTo: {
      routing: task.routing,
      taskQueueSid: task.taskQueueSid,
      taskQueueEnteredDate: task.taskQueueEnteredDate,
    },
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  task.transfers = [...(task.transfers ?? []), transfer];
  ctx.touch("task", task);
  emitTransfer(ctx, "task.transfer-initiated", task, transfer, `Transfer ${transfer.sid} initiated`);
  let changed = false;
  if (attrs !== undefined || priority !== undefined) {
    s.updateTask(task, {
      attributes:
        attrs !== undefined && cmd.attributes !== undefined
          ? { raw: cmd.attributes, parsed: attrs }
          : undefined,
      priority,
    });
    changed = true;
  }
  if (mode === "COLD") {
    moveReservation(ctx, res, "wrapping");
    emitReservation(
      ctx,
      "reservation.wrapup",
      res,
      `Reservation ${res.sid} wrapping up: transfer ${transfer.sid}`,
    );
  }
  if (target.type === "WORKER") {
    const why = unableToTake(ctx, task, target.worker);
    if (why !== null) {
      failTransfer(ctx, task, transfer, `Worker ${target.worker.sid} cannot take the transfer now: ${why}`);
    } else {
      moveTask(ctx, task, "pending");
      const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
      openReservation(ctx, task, target.worker, queue ?? null);
      changed = true;
    }
  } else {
    moveTask(ctx, task, "pending");
    const final = { filterIndex: null, targetIndex: 0, stepDeadline: null, skipChecked: true };
    moveStep(ctx, task, "queue", final, target.queueSid);
    reserveForTask(ctx, task);
    changed = true;
  }
  if (changed) emitTask(ctx, "task.updated", task, `Task ${task.sid} updated by transfer ${transfer.sid}`);
  return transfer;
}

export function cancelTransferCommand(ctx: Ctx, cmd: CommandOf<"transfer.cancel">): Transfer {
  const task = getTask(ctx, cmd.taskSid);
  const transfer = transferOf(task, cmd.sid);
  if (transfer === undefined) throw notFound("Transfer", cmd.sid);
  if (transfer.initiatingWorkerSid !== cmd.workerSid)
    throw forbidden(`Transfer ${transfer.sid} was initiated by another worker than ${cmd.workerSid}`);
  if (transfer.status !== "initiated")
    throw invalidState(`Transfer ${transfer.sid} is already ${transfer.status} . Cannot cancel transfer.`);
  cancelTransfer(ctx, task, transfer);
  return transfer;
}

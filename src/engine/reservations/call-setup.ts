/**
 * Call set-up: TaskRouter's internal "onHold" state of a reservation (docs/voice.md).
 *
 * An accept that must connect a call (Instruction conference, dequeue or call, on a task whose
 * attributes carry a call_sid) does not accept at once. The reservation stays `pending` (TaskRouter
 * answers the instruction with the pending reservation; SDK mocks: `reservationConferenced`,
 * `reservationDequeued`, `reservationCalled` are pending), `onHold` is set, and its answer timeout
 * is replaced by CALL_SETUP_LIMIT_SECONDS: the worker has answered, so it cannot time out (Twilio
 * support, "TaskRouter Reservation Canceled Instead of Timing Out"). A `callSetUp` effect asks the
 * voice side to connect the call; its report, `reservation.callSetUp`, ends the hold:
 *
 *   (hold)               pending -> pending(onHold)    the task's other pending reservations rescinded
 *   connected            pending(onHold) -> accepted   as any accept (task assigned)
 *   failed (code)        pending(onHold) -> canceled   canceled_reason_code = code; the worker back to
 *                                                      its previous activity (single-tasking); the task
 *                                                      routed again, or a transfer's offer failed
 *   no report in time    pending(onHold) -> canceled   (tick) no reason code
 *
 * While on hold the reservation refuses accept and reject (400): the worker has already answered.
 * A report about a reservation that has moved on (its task canceled by the caller hanging up,
 * rescinded by another worker's accept) changes nothing.
 */
import type { Reservation, Task } from "../../domain/entities.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { reservationFields } from "../events/fields.ts";
import { acceptReservation } from "../machines/offer.ts";
import { emitReservation, holdReservation, moveReservation } from "../machines/reservation.ts";
import { afterReservationEnded } from "../machines/task.ts";
import { transferOfferEnded } from "../machines/transfer-outcomes.ts";
import { canMoveWorkerActivity, moveWorkerActivity } from "../machines/worker-activity.ts";

/** Instructions that connect the worker to the task's call. `redirect` moves the caller only. */
export const CALL_SETUP_INSTRUCTIONS: ReadonlySet<string> = new Set(["conference", "dequeue", "call"]);

/** How long a reservation may stay on hold before it is canceled ("up to several minutes"). */
export const CALL_SETUP_LIMIT_SECONDS = 300;

/** Whether accepting with `instruction` must first connect a call: a call instruction on a voice task. */
export function needsCallSetUp(instruction: string | null | undefined, taskAttributes: string): boolean {
  if (!CALL_SETUP_INSTRUCTIONS.has((instruction ?? "").trim().toLowerCase())) return false;
  try {
    const attributes: unknown = JSON.parse(taskAttributes);
    if (attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) return false;
    const callSid: unknown = Object.getOwnPropertyDescriptor(attributes, "call_sid")?.value;
    return typeof callSid === "string" && callSid !== "";
  } catch {
    return false;
  }
}

/**
 * The accept of `res` waits for its call: on hold, and the voice side is asked to connect it. The
 * task's other pending reservations are rescinded at once, so only this worker is dialled
 * (TaskRouter, Dec 2019: "TaskRouter will only establish the audio connection for the first worker
 * accepting the reservation, while all other worker reservations are immediately rescinded").
 */
export function startCallSetUp(ctx: Ctx, res: Reservation, task: Task): void {
  holdReservation(ctx, res, ctx.now + CALL_SETUP_LIMIT_SECONDS * 1000);
  for (const other of ctx.s.reservationsOfTask(task.sid)) {
    if (other.sid === res.sid || other.reservationStatus !== "pending") continue;
    moveReservation(ctx, other, "rescinded");
    emitReservation(ctx, "reservation.rescinded", other, `Reservation ${other.sid} rescinded`);
    ctx.enqueue({ kind: "worker", sid: other.workerSid });
  }
  ctx.effects.push({ type: "callSetUp", reservationSid: res.sid, taskSid: task.sid });
}

export function reportCallSetUp(ctx: Ctx, cmd: CommandOf<"reservation.callSetUp">): Reservation | null {
  const res = ctx.s.reservationsById.get(cmd.sid);
  const task = res ? ctx.s.tasksById.get(res.taskSid) : undefined;
  if (res === undefined || task === undefined || res.reservationStatus !== "pending" || res.onHold !== true)
    return null;
  if (cmd.failure === undefined) acceptReservation(ctx, res, task);
  else cancelCallSetUp(ctx, res, task, cmd.failure.code, cmd.failure.reason);
  return res;
}

/** The set-up limit passed without a report (tick). */
export function callSetUpExpired(ctx: Ctx, res: Reservation, task: Task): void {
  cancelCallSetUp(
    ctx,
    res,
    task,
    null,
    `the call was not connected within ${CALL_SETUP_LIMIT_SECONDS} seconds`,
  );
}

function cancelCallSetUp(ctx: Ctx, res: Reservation, task: Task, code: number | null, reason: string): void {
  const s = ctx.s;
  moveReservation(ctx, res, "canceled");
  res.canceledReasonCode = code;
  ctx.emit("reservation.canceled", res.sid, `Reservation ${res.sid} canceled: ${reason}`, {
    ...reservationFields(s, res, ctx.now),
    TasklaneCallSetUpFailure: reason,
  });
  const worker = s.workersById.get(res.workerSid);
  const previous = s.multiTask ? null : res.workerPreviousActivitySid;
  if (worker && previous && canMoveWorkerActivity(s, "callbackFailed", previous))
    moveWorkerActivity(ctx, worker, previous, "callbackFailed");
  if (!transferOfferEnded(ctx, task, res, "setUpFailed")) afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
}

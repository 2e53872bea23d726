/**
 * The reservation machine: the offer of one task to one worker.
 *
 *            accept               task wrapping            task completed
 *   pending ---------> accepted ---------------> wrapping ---------------> completed
 *      |                  |______________________________________________^
 *      |                                  task completed
 *      |--reject----------------> rejected
 *      |--no answer in time-----> timeout
 *      |--task canceled/deleted,
 *      |  callbacks failed------> canceled
 *      '--another worker
 *         accepted the task-----> rescinded
 *   accepted | wrapping --its task canceled by Tasklane's max assigned time (action cancel)--> canceled
 *
 * Transfers (docs/transfers.md): a transfer's target gets an ordinary pending reservation (with
 * `transferSid`); a COLD transferor's reservation wraps when the transfer starts (accepted ->
 * wrapping); reservation-level wrap/complete act on one reservation while another holds the task;
 * accepted | wrapping -> canceled when the task is canceled while being transferred.
 *
 * Call set-up (TaskRouter's internal onHold, docs/voice.md): an accept with an instruction that
 * connects a call (conference, dequeue, call on a task with a call_sid) leaves the reservation
 * pending with `onHold` set and its timer moved from the answer timeout to the set-up limit
 * (holdReservation); the voice side's report then accepts it, or cancels it when the call could
 * not be connected (reservations/call-setup.ts). Leaving pending clears `onHold`.
 *
 * pending, accepted and wrapping hold capacity on the worker's channel (state keeps the set of
 * active reservations per worker); the other states are final. Only a pending reservation has a
 * timer (timeoutAt), disarmed on its first move.
 *
 * `moveReservation` is the only setter of `reservationStatus` (the only caller of the state's write,
 * WorkspaceState.setReservationStatus); it asserts RESERVATION_MOVES and throws an IllegalTransition (an engine bug, never a client error) for any other move. Handlers ask
 * `canMoveReservation` before they decide. Creating a reservation and what the worker's answers do
 * to the task and the worker (accept assigns the task, reject sends it back to pending, ...) are in
 * machines/offer.ts; what a task's own moves do to its reservations is in machines/task.ts.
 */
import type { Reservation, ReservationStatus } from "../../domain/entities.ts";
import { illegalTransition } from "../../domain/errors.ts";
import type { ReservationEventType } from "../../domain/event-fields.ts";
import type { Ctx } from "../context.ts";
import { reservationFields } from "../events/fields.ts";

/** Seconds a worker has to answer when the workflow sets no TaskReservationTimeout. */
export const DEFAULT_RESERVATION_TIMEOUT = 120;

/** from -> the statuses it may move to. A status with no moves is final. */
export const RESERVATION_MOVES: { readonly [S in ReservationStatus]: readonly ReservationStatus[] } = {
  pending: ["accepted", "rejected", "timeout", "canceled", "rescinded"],
  // canceled: the task was canceled while being transferred (docs/transfers.md), or Tasklane's
  // max assigned time with action cancel (engine/chores).
  accepted: ["wrapping", "completed", "canceled"],
  wrapping: ["completed", "canceled"],
  rejected: [],
  timeout: [],
  canceled: [],
  rescinded: [],
  completed: [],
};

export function canMoveReservation(from: ReservationStatus, to: ReservationStatus): boolean {
  return RESERVATION_MOVES[from].includes(to);
}

/**
 * The only setter of `reservationStatus`. State keeps capacity, the timer and the task's filing in
 * step (WorkspaceState.setReservationStatus).
 */
export function moveReservation(ctx: Ctx, res: Reservation, to: ReservationStatus): void {
  const from = res.reservationStatus;
  if (!canMoveReservation(from, to)) throw illegalTransition("Reservation", res.sid, from, to);
  if (res.onHold) res.onHold = false;
  ctx.s.setReservationStatus(res, to);
  ctx.touch("reservation", res);
}

/** Put a pending reservation on hold while its call is connected, until `until` at the latest. */
export function holdReservation(ctx: Ctx, res: Reservation, until: number): void {
  if (res.reservationStatus !== "pending")
    throw illegalTransition("Reservation", res.sid, res.reservationStatus, "pending");
  res.onHold = true;
  ctx.s.setReservationTimer(res, until);
  ctx.touch("reservation", res);
}

export function emitReservation(
  ctx: Ctx,
  type: ReservationEventType,
  res: Reservation,
  description: string,
): void {
  ctx.emitBuilt(type, res.sid, description, reservationFields(ctx.s, res, ctx.now));
}

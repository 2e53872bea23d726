/**
 * With `cancel: false` only the primary URL failed: a `reservation.callback-failed` event (a Tasklane
 * addition) records it and nothing else changes while the fallback URL is tried.
 *
 * The assignment callback and its fallback both failed (TaskRouter: "If neither URL can be reached,
 * the Reservation is set to canceled"). A pending reservation moves to canceled; the event carries
 * the failure in its description and in the Tasklane-specific field TasklaneCallbackFailure. The
 * worker gets back the activity it had before the reservation (single-tasking moved it to the
 * queue's reservation activity) and the task is routed again like after a reject. The result comes
 * back asynchronously, so a reservation that is no longer pending (accepted, timed out, task gone)
 * is not an error: nothing changes.
 *
 * With `retryAfterMs` the task is first put on a routing hold (routing/hold.ts): it stays pending in
 * its queue but gets no new reservation until the hold ends, when it is tried again. The event says
 * when (TasklaneRetryAt, epoch ms).
 */
import type { Reservation } from "../../domain/entities.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { reservationFields } from "../events/fields.ts";
import { moveReservation } from "../machines/reservation.ts";
import { afterReservationEnded } from "../machines/task.ts";
import { transferOfferEnded } from "../machines/transfer-outcomes.ts";
import { canMoveWorkerActivity, moveWorkerActivity } from "../machines/worker-activity.ts";
import { holdTask } from "../routing/hold.ts";

export function cancelAfterCallbackFailure(
  ctx: Ctx,
  cmd: CommandOf<"reservation.callbackFailed">,
): Reservation | null {
  const s = ctx.s;
  const res = s.reservationsById.get(cmd.sid);
  // On hold: the worker answered meanwhile and its call is being connected (call-setup.ts).
  if (res?.reservationStatus !== "pending" || res.onHold === true) return null;
  const task = s.tasksById.get(res.taskSid);
  if (!task) return null;
  if (cmd.cancel === false) {
    ctx.emit(
      "reservation.callback-failed",
      res.sid,
      `Assignment callback for reservation ${res.sid} failed (${cmd.reason}); trying the fallback URL`,
      { ...reservationFields(s, res, ctx.now), TasklaneCallbackFailure: cmd.reason },
    );
    return res;
  }
  moveReservation(ctx, res, "canceled");
  const retryAt = cmd.retryAfterMs !== undefined && cmd.retryAfterMs > 0 ? ctx.now + cmd.retryAfterMs : null;
  const retry = retryAt === null ? "" : `; task held back from routing for ${cmd.retryAfterMs} ms`;
  ctx.emit(
    "reservation.canceled",
    res.sid,
    `Reservation ${res.sid} canceled: assignment callback failed (${cmd.reason})${retry}`,
    { ...reservationFields(s, res, ctx.now), TasklaneCallbackFailure: cmd.reason, TasklaneRetryAt: retryAt },
  );
  if (retryAt !== null) holdTask(ctx, task, retryAt);
  const worker = s.workersById.get(res.workerSid);
  const previous = s.multiTask ? null : res.workerPreviousActivitySid;
  if (worker && previous && canMoveWorkerActivity(s, "callbackFailed", previous))
    moveWorkerActivity(ctx, worker, previous, "callbackFailed");
  // A transfer's offer whose callbacks failed counts as rejected (docs/transfers.md).
  if (!transferOfferEnded(ctx, task, res, "rejected")) afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
  return res;
}

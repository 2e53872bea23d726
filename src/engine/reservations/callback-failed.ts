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
 */
import type { Reservation } from "../../domain/entities.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { reservationFields } from "../events/fields.ts";
import { setReservationStatus } from "../lifecycle/reservation-state.ts";
import { afterReservationEnded } from "../lifecycle/task-transitions.ts";
import { setWorkerActivity } from "../workers/activity.ts";

export function cancelAfterCallbackFailure(
  ctx: Ctx,
  cmd: CommandOf<"reservation.callbackFailed">,
): Reservation | null {
  const s = ctx.s;
  const res = s.reservationsById.get(cmd.sid);
  if (res?.reservationStatus !== "pending") return null;
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
  setReservationStatus(ctx, res, "canceled");
  ctx.emit(
    "reservation.canceled",
    res.sid,
    `Reservation ${res.sid} canceled: assignment callback failed (${cmd.reason})`,
    { ...reservationFields(s, res, ctx.now), TasklaneCallbackFailure: cmd.reason },
  );
  const worker = s.workersById.get(res.workerSid);
  const previous = s.multiTask ? null : res.workerPreviousActivitySid;
  if (worker && previous && previous !== worker.activitySid && s.activitiesById.has(previous))
    setWorkerActivity(ctx, worker, previous);
  afterReservationEnded(ctx, task);
  ctx.enqueue({ kind: "worker", sid: res.workerSid });
  return res;
}

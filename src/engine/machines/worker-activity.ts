/**
 * The worker-activity machine (presence). A worker is always in exactly one Activity of its
 * workspace; the Activity's `available` flag decides whether it can receive reservations. The
 * activities are the workspace's own, so the table is not over states but over the reasons a worker
 * moves, each with the workspaces it applies to:
 *
 *   reason          who moves the worker, and where to                           applies in
 *   api             worker.update ActivitySid                                     every workspace
 *   timeout         a pending reservation timed out -> workspace timeout activity every workspace
 *   reject          reject with WorkerActivitySid, or (single-tasking, without     every workspace
 *                   one) back to the activity it had before the reservation
 *   postWork        the task completed -> the post-work activity its instruction  every workspace
 *                   recorded (dequeue/call/conference PostWorkActivitySid)
 *   reserve         reserved -> the queue's ReservationActivitySid                single-tasking
 *   accept          accepted -> the queue's AssignmentActivitySid                 single-tasking
 *   callbackFailed  both assignment callbacks failed -> back to the activity it   single-tasking
 *                   had before the reservation
 *
 * (create puts a new worker in its first activity; that is construction, not a move.)
 * Multitasking workspaces never change the activity on reserve/accept. Reservations already held
 * stay with the worker whatever the move.
 *
 * `moveWorkerActivity` is the only setter of `Worker.activitySid` after creation (the only caller
 * of WorkspaceState.setWorkerActivity); it asserts
 * WORKER_ACTIVITY_MOVES and that the target activity exists, and throws an IllegalTransition
 * otherwise. Effects of a move: membership counts per activity, the worker's available slots,
 * `worker.activity.update`, and, into an available activity, an offer of work (settle).
 */
import type { Worker } from "../../domain/entities.ts";
import { illegalTransition } from "../../domain/errors.ts";
import type { Ctx } from "../context.ts";
import { workerFields } from "../events/fields.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";

export type ActivityMoveReason =
  | "api"
  | "timeout"
  | "reject"
  | "postWork"
  | "reserve"
  | "accept"
  | "callbackFailed";

/** reason -> whether it applies in multitasking / single-tasking workspaces. */
export const WORKER_ACTIVITY_MOVES: {
  readonly [R in ActivityMoveReason]: { readonly multiTask: boolean; readonly singleTask: boolean };
} = {
  api: { multiTask: true, singleTask: true },
  timeout: { multiTask: true, singleTask: true },
  reject: { multiTask: true, singleTask: true },
  postWork: { multiTask: true, singleTask: true },
  reserve: { multiTask: false, singleTask: true },
  accept: { multiTask: false, singleTask: true },
  callbackFailed: { multiTask: false, singleTask: true },
};

/** May `reason` move a worker of this workspace into `activitySid` (an activity that exists)? */
export function canMoveWorkerActivity(
  s: WorkspaceState,
  reason: ActivityMoveReason,
  activitySid: string,
): boolean {
  const rule = WORKER_ACTIVITY_MOVES[reason];
  return (s.multiTask ? rule.multiTask : rule.singleTask) && s.activitiesById.has(activitySid);
}

/** The only setter of a worker's activity. Moving into the current activity changes nothing. */
export function moveWorkerActivity(
  ctx: Ctx,
  worker: Worker,
  activitySid: string,
  reason: ActivityMoveReason,
): void {
  const s = ctx.s;
  const previous = worker.activitySid;
  if (!canMoveWorkerActivity(s, reason, activitySid))
    throw illegalTransition("Worker activity", worker.sid, previous, `${activitySid} (${reason})`);
  if (previous === activitySid) return;
  const elapsed = Math.max(0, ctx.now - worker.dateStatusChanged);
  s.setWorkerActivity(worker, activitySid, ctx.now);
  ctx.touch("worker", worker);
  const activity = s.activitiesById.get(activitySid);
  ctx.emit(
    "worker.activity.update",
    worker.sid,
    `Worker ${worker.friendlyName} updated to ${activity?.friendlyName} Activity`,
    {
      ...workerFields(s, worker),
      WorkerTimeInPreviousActivity: Math.floor(elapsed / 1000),
      WorkerTimeInPreviousActivityMs: elapsed,
      WorkerPreviousActivitySid: previous,
      WorkerPreviousActivityName: s.activitiesById.get(previous)?.friendlyName ?? null,
    },
  );
  if (activity?.available) ctx.enqueue({ kind: "worker", sid: worker.sid });
}

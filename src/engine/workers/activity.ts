/**
 * Worker activity (presence) state machine. A worker is always in exactly one Activity; the
 * Activity's `available` flag decides whether it can receive reservations. Moves happen:
 *   - by API (worker.update ActivitySid), on create (the workspace default activity);
 *   - on reservation timeout (-> workspace timeout activity);
 *   - on reject with WorkerActivitySid, and on task completion with a recorded post-work activity;
 *   - single-tasking only: on reserve (queue reservationActivitySid) and accept (assignmentActivitySid).
 * Multitasking workspaces never change the activity on reserve/accept. Reservations already held
 * stay with the worker whatever the move.
 */
import type { Worker } from "../../domain/entities.ts";
import type { Ctx } from "../context.ts";
import { workerFields } from "../events/fields.ts";
import { refreshWorker } from "../routing/indexing.ts";

export function setWorkerActivity(ctx: Ctx, worker: Worker, activitySid: string): void {
  if (worker.activitySid === activitySid) return;
  const s = ctx.s;
  const previous = worker.activitySid;
  const elapsed = Math.max(0, ctx.now - worker.dateStatusChanged);
  s.indexes.membership.activityChanged(worker.sid, previous, activitySid);
  worker.activitySid = activitySid;
  worker.dateStatusChanged = ctx.now;
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
  refreshWorker(s, worker.sid);
  if (activity?.available) ctx.enqueue({ kind: "worker", sid: worker.sid });
}

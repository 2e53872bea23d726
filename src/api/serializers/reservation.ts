import type { Reservation } from "../../domain/entities.ts";
import { commonFields, isoDate, type SerializeContext, type WireObject, workspaceUrl } from "./context.ts";

/**
 * One shape for both views; only `url` differs: under the task (`/Tasks/WT/Reservations/WR`) or
 * under the worker (`/Workers/WK/Reservations/WR`), depending on which path served it.
 */
export function serializeReservation(
  ctx: SerializeContext,
  r: Reservation,
  via: "task" | "worker",
): WireObject {
  const url =
    via === "task"
      ? workspaceUrl(ctx, "Tasks", r.taskSid, "Reservations", r.sid)
      : workspaceUrl(ctx, "Workers", r.workerSid, "Reservations", r.sid);
  return {
    ...commonFields(ctx),
    date_created: isoDate(r.dateCreated),
    date_updated: isoDate(r.dateUpdated),
    reservation_status: r.reservationStatus,
    sid: r.sid,
    task_sid: r.taskSid,
    worker_name: r.workerName,
    worker_sid: r.workerSid,
    url,
    links: {
      task: workspaceUrl(ctx, "Tasks", r.taskSid),
      worker: workspaceUrl(ctx, "Workers", r.workerSid),
      workspace: workspaceUrl(ctx),
    },
  };
}

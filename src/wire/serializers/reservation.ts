/**
 * A Reservation in both dialects.
 *   REST  one shape for both paths; only `url` differs: under the task (`/Tasks/WT/Reservations/WR`)
 *         or under the worker (`/Workers/WK/Reservations/WR`), depending on which path served it.
 *   SDK   always with its full task nested, `reservation_timeout`, `version`, and the transfers the
 *         SDK reads as reservation.transfer / task.transfers.incoming and task.transfers.outgoing
 *         (docs/transfers.md), present only when there is one. `transfers: false` leaves them out:
 *         the answer to a reservation update, which the SDK reads without its task and crashes on
 *         with them (its ReservationDescriptor attaches the transfer to the task it did not read).
 */
import type { Reservation } from "../../domain/entities.ts";
import {
  COMMON_FIELDS,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";
import { serializeTask } from "./task.ts";
import { serializeTransfer } from "./transfer.ts";

export interface ReservationOptions {
  /** REST: the path that served it. */
  via: "task" | "worker";
  /** SDK: with task_transfer / active_outgoing_task_transfer. */
  transfers: boolean;
}

const taskOf = (ctx: WireContext, r: Reservation) => ctx.view.task(r.taskSid);

function incomingTransfer(ctx: WireContext, r: Reservation, o: ReservationOptions): WireObject | undefined {
  const task = taskOf(ctx, r);
  const incoming =
    o.transfers && r.transferSid ? task?.transfers?.find((t) => t.sid === r.transferSid) : undefined;
  return task === undefined || incoming === undefined ? undefined : serializeTransfer(ctx, task, incoming);
}

function outgoingTransfer(ctx: WireContext, r: Reservation, o: ReservationOptions): WireObject | undefined {
  const task = taskOf(ctx, r);
  const outgoing = o.transfers
    ? task?.transfers?.find((t) => t.status === "initiated" && t.initiatingReservationSid === r.sid)
    : undefined;
  return task === undefined || outgoing === undefined ? undefined : serializeTransfer(ctx, task, outgoing);
}

const FIELDS = {
  ...COMMON_FIELDS,
  date_created: (ctx: WireContext, r: Reservation) => wireDate(ctx, r.dateCreated),
  date_updated: (ctx: WireContext, r: Reservation) => wireDate(ctx, r.dateUpdated),
  reservation_status: (_: WireContext, r: Reservation) => r.reservationStatus,
  sid: (_: WireContext, r: Reservation) => r.sid,
  task_sid: (_: WireContext, r: Reservation) => r.taskSid,
  worker_name: (_: WireContext, r: Reservation) => r.workerName,
  worker_sid: (_: WireContext, r: Reservation) => r.workerSid,
  url: (ctx: WireContext, r: Reservation, o: ReservationOptions) =>
    o.via === "task"
      ? workspaceUrl(ctx, "Tasks", r.taskSid, "Reservations", r.sid)
      : workspaceUrl(ctx, "Workers", r.workerSid, "Reservations", r.sid),
  links: (ctx: WireContext, r: Reservation) => ({
    task: workspaceUrl(ctx, "Tasks", r.taskSid),
    worker: workspaceUrl(ctx, "Workers", r.workerSid),
    workspace: workspaceUrl(ctx),
  }),
  reservation_timeout: (_: WireContext, r: Reservation) => r.timeoutSeconds,
  worker_previous_activity_sid: (_: WireContext, r: Reservation) => r.workerPreviousActivitySid,
  canceled_reason_code: (_: WireContext, r: Reservation) => r.canceledReasonCode ?? undefined,
  version: (_: WireContext, r: Reservation) => r.version,
  task: (ctx: WireContext, r: Reservation) => {
    const task = taskOf(ctx, r);
    return task === undefined ? undefined : serializeTask(ctx, task);
  },
  task_transfer: incomingTransfer,
  active_outgoing_task_transfer: outgoingTransfer,
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "date_created",
    "date_updated",
    "reservation_status",
    "sid",
    "task_sid",
    "worker_name",
    "worker_sid",
    "url",
    "links",
  ],
  sdk: [
    "account_sid",
    "workspace_sid",
    "sid",
    "task_sid",
    "worker_sid",
    "worker_name",
    "reservation_status",
    "reservation_timeout",
    "worker_previous_activity_sid",
    "canceled_reason_code",
    "date_created",
    "date_updated",
    "version",
    "task",
    "task_transfer",
    "active_outgoing_task_transfer",
  ],
};

export function serializeReservation(
  ctx: WireContext,
  r: Reservation,
  options: Partial<ReservationOptions> = {},
): WireObject {
  return render(ctx, FIELDS, KEYS, r, { via: "worker", transfers: true, ...options });
}

/**
 * The SDK's reservation, which always carries its task: null when the task is gone (removed after
 * its retention period).
 */
export function reservationWithTask(
  ctx: WireContext,
  r: Reservation,
  options: Partial<ReservationOptions> = {},
): WireObject | null {
  return taskOf(ctx, r) === undefined ? null : serializeReservation(ctx, r, options);
}

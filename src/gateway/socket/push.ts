/**
 * Committed events -> worker SDK frames. Called right after a commit, inside the workspace's writer,
 * so the view is exactly the state that commit produced: payloads are rendered from it, complete.
 * The status a reservation or task had at the event itself (captured in the event's fields) wins
 * over the state at the end of the command, so `reservation.accepted` always says `accepted`.
 *
 * Who hears what:
 *   worker.activity.update, worker.attributes.update        -> the worker (full Worker)
 *   worker.capacity.update, worker.channel.availability.update -> the worker (its Channel)
 *   reservation.*                                           -> the reservation's worker (with its task)
 *   reservation.failed                                      -> the worker that created the task (the Task)
 *   task.updated / canceled / completed / wrapup            -> workers still holding a reservation
 *                                                              for the task (full Task)
 *   task.transfer-*                                         -> the transferring worker (the Transfer,
 *                                                              with its status at the event)
 */
import type { ReservationStatus } from "../../domain/entities.ts";
import type { StoredEvent } from "../../store/port.ts";
import type { WireContext as DialectContext, Payload } from "../../wire/serializers/dialect.ts";
import { reservationWithTask } from "../../wire/serializers/reservation.ts";
import { serializeTask } from "../../wire/serializers/task.ts";
import { serializeTransfer } from "../../wire/serializers/transfer.ts";
import { serializeWorker } from "../../wire/serializers/worker.ts";
import { serializeWorkerChannel } from "../../wire/serializers/worker-channel.ts";

export interface Frame {
  workerSid: string;
  eventType: string;
  payload: Payload;
}

/** Reservations whose worker still follows the task (not rejected, timed out or rescinded). */
const FOLLOWS_TASK: ReadonlySet<ReservationStatus> = new Set([
  "pending",
  "accepted",
  "wrapping",
  "completed",
  "canceled",
]);

const WORKER_EVENTS = new Set(["worker.activity.update", "worker.attributes.update"]);
const CHANNEL_EVENTS = new Set(["worker.capacity.update", "worker.channel.availability.update"]);
const TASK_EVENTS = new Set(["task.updated", "task.canceled", "task.completed", "task.wrapup"]);

export function framesFor(ctx: DialectContext, event: StoredEvent): Frame[] {
  const { view } = ctx;
  const type = event.eventType;
  if (WORKER_EVENTS.has(type)) {
    const worker = view.worker(event.resourceSid);
    return worker ? [{ workerSid: worker.sid, eventType: type, payload: serializeWorker(ctx, worker) }] : [];
  }
  if (CHANNEL_EVENTS.has(type)) {
    const channelSid = event.fields.TaskChannelSid;
    const channel =
      typeof channelSid === "string" ? view.workerChannel(event.resourceSid, channelSid) : undefined;
    return channel
      ? [{ workerSid: channel.workerSid, eventType: type, payload: serializeWorkerChannel(ctx, channel) }]
      : [];
  }
  if (type === "reservation.failed") {
    // The SDK's payload is the task itself ("a Task-like entity", its fixtures), to the worker that
    // created it (engine/reservations/reservation-failed.ts).
    const task = view.task(event.resourceSid);
    const workerSid = event.fields.WorkerSid;
    if (task === undefined || typeof workerSid !== "string") return [];
    const payload = serializeTask(ctx, task);
    atEventTime(payload, "assignment_status", event.fields.TaskAssignmentStatus);
    return [{ workerSid, eventType: type, payload }];
  }
  if (type.startsWith("reservation.")) {
    const r = view.reservation(event.resourceSid);
    const payload = r ? reservationWithTask(ctx, r) : null;
    if (!r || payload === null) return [];
    atEventTime(payload, "reservation_status", event.fields.ReservationStatus);
    const task = payload.task as Payload;
    atEventTime(task, "assignment_status", event.fields.TaskAssignmentStatus);
    return [{ workerSid: r.workerSid, eventType: type, payload }];
  }
  if (type.startsWith("task.transfer-")) {
    // To the transferring worker only: the SDK matches these to its own reservation
    // (initiating_reservation_sid) and ignores them elsewhere (docs/transfers.md).
    const task = view.task(event.resourceSid);
    const sid = event.fields.TransferSid;
    const transfer = task?.transfers?.find((t) => t.sid === sid);
    if (task === undefined || transfer === undefined) return [];
    const status = event.fields.TransferStatus;
    const reason = event.fields.TransferFailedReason;
    const payload = serializeTransfer(ctx, task, transfer, {
      ...(typeof status === "string" ? { status } : {}),
      ...(typeof reason === "string" || reason === null ? { reason } : {}),
    });
    return [{ workerSid: transfer.initiatingWorkerSid, eventType: type, payload }];
  }
  if (TASK_EVENTS.has(type)) {
    const task = view.task(event.resourceSid);
    if (!task) return [];
    const payload = serializeTask(ctx, task);
    atEventTime(payload, "assignment_status", event.fields.TaskAssignmentStatus);
    const workers = new Set(
      view
        .reservationsOfTask(task.sid)
        .filter((r) => FOLLOWS_TASK.has(r.reservationStatus))
        .map((r) => r.workerSid),
    );
    return [...workers].map((workerSid) => ({ workerSid, eventType: type, payload }));
  }
  return [];
}

function atEventTime(payload: Payload, key: string, value: unknown): void {
  if (typeof value === "string" && value !== "") payload[key] = value;
}

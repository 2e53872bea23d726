/**
 * The calls a worker makes on itself: update (activity, attributes), its channels, its
 * reservations (list with `Active=true`, fetch, accept/reject/wrap/complete and instructions).
 * Writes go through the workspace's writer like REST writes; If-Match from the SDK is not applied
 * (the SDK bumps versions on its own, see docs/worker-sdk.md).
 */

import { RESERVATION_STATUSES, type Reservation, type WorkerChannel } from "../../domain/entities.ts";
import { notFound } from "../../domain/errors.ts";
import { MAX_ATTRIBUTES_LENGTH, MAX_CAPACITY_PARAM, MAX_FRIENDLY_NAME } from "../../domain/limits.ts";
import { jsonObjectParam } from "../../wire/json-param.ts";
import { reservationUpdateCommand } from "../../wire/reservations/update-command.ts";
import type { Payload } from "../../wire/serializers/dialect.ts";
import { reservationWithTask } from "../../wire/serializers/reservation.ts";
import { sdkPage } from "../../wire/serializers/sdk-page.ts";
import { serializeWorker } from "../../wire/serializers/worker.ts";
import { serializeWorkerChannel } from "../../wire/serializers/worker-channel.ts";
import { ACCESS, type Call, dialect, ownReservation, ownWorker, updatableWorker } from "./call.ts";

export async function updateWorker(call: Call, sid: string): Promise<Payload> {
  const b = call.params;
  const worker = await call.session.host.execute({
    type: "worker.update",
    sid: updatableWorker(call, sid),
    friendlyName: b.string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
    activitySid: b.sid("ActivitySid", "WA"),
    attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
    rejectPendingReservations: b.boolean("RejectPendingReservations"),
  });
  return serializeWorker(dialect(call), worker);
}

export function listChannels(call: Call, workerSid: string): Payload {
  const ctx = dialect(call);
  const items = ctx.view.workerChannels(ownWorker(call, workerSid));
  return sdkPage(
    items,
    call.params,
    (c) => c.sid,
    (c) => serializeWorkerChannel(ctx, c),
  );
}

function channelOf(call: Call, workerSid: string, sid: string): WorkerChannel {
  const channel = call.session.host.view.workerChannel(ownWorker(call, workerSid), sid);
  if (channel === undefined) throw notFound("WorkerChannel", sid);
  return channel;
}

export function getChannel(call: Call, workerSid: string, sid: string): Payload {
  return serializeWorkerChannel(dialect(call), channelOf(call, workerSid, sid));
}

export async function updateChannel(call: Call, workerSid: string, sid: string): Promise<Payload> {
  const channel = await call.session.host.execute({
    type: "workerChannel.update",
    workerSid,
    sid: channelOf(call, workerSid, sid).sid,
    capacity: call.params.integer("Capacity", { min: 0, max: MAX_CAPACITY_PARAM }),
    available: call.params.boolean("Available"),
  });
  return serializeWorkerChannel(dialect(call), channel);
}

/**
 * The worker's live reservations (what the SDK's `Active=true` asks for, and all a worker token may
 * read: a finished reservation's nested task is no longer the worker's business), optionally one
 * `ReservationStatus` of them.
 */
export function listReservations(call: Call, workerSid: string): Payload {
  const ctx = dialect(call);
  call.params.boolean("Active"); // checked (true/false), but the list is the live reservations either way
  const status = call.params.enumOf("ReservationStatus", RESERVATION_STATUSES);
  const items = ctx.view
    .reservationsOfWorker(ownWorker(call, workerSid))
    .filter(
      (r) => ACCESS.read.has(r.reservationStatus) && (status === undefined || r.reservationStatus === status),
    );
  return sdkPage(
    items,
    call.params,
    (r) => r.sid,
    (r) => reservationWithTask(ctx, r),
  );
}

/** A reservation under Workers/{WK}/Reservations: the path's worker must be the token's own. */
export function getReservation(call: Call, workerSid: string, sid: string): Payload {
  ownWorker(call, workerSid);
  return rendered(call, ownReservation(call, sid, "read"));
}

export function updateReservation(call: Call, workerSid: string, sid: string): Promise<Payload> {
  ownWorker(call, workerSid);
  return applyReservationUpdate(call, sid, "worker");
}

/** Accept, reject (with WorkerActivitySid), wrap, complete, or an instruction with its fields. */
export async function applyReservationUpdate(
  call: Call,
  sid: string,
  via: "task" | "worker",
): Promise<Payload> {
  const current = ownReservation(call, sid, "answer");
  const r = await call.session.host.execute(reservationUpdateCommand(call.params, current, via));
  return rendered(call, r, true);
}

/** `update`: the answer to a reservation update (no transfer keys, see reservationWithTask). */
export function rendered(call: Call, r: Reservation, update = false): Payload {
  const payload = reservationWithTask(dialect(call), r, { transfers: !update });
  if (payload === null) throw notFound("Task", r.taskSid);
  return payload;
}

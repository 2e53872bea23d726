/**
 * The SDK's transfer calls (API v2, docs/transfers.md):
 *   POST Workers/{WK}/Transfers        {ReservationSid, TaskSid, To, Mode?, Attributes?, Priority?}
 *                                      task.transfer(); answers the transfer
 *   POST Workers/{WK}/Transfers/{TT}   {TaskSid, TransferStatus: "canceled"}
 *                                      outgoingTransfer.cancel(); answers the transfer
 * The path's worker must be the token's; the reservation must be one of its live ones (403
 * otherwise); the engine decides the rest (an accepted reservation, an assigned task, ...).
 */
import type { Task, Transfer } from "../../domain/entities.ts";
import { invalidParameter, missingParameter, notFound } from "../../domain/errors.ts";
import { MAX_ATTRIBUTES_LENGTH, MAX_PRIORITY } from "../../domain/limits.ts";
import { jsonObjectParam } from "../../wire/json-param.ts";
import type { Payload } from "../../wire/serializers/dialect.ts";
import { serializeTransfer } from "../../wire/serializers/transfer.ts";
import { type Call, dialect, ownReservation, ownWorker } from "./call.ts";

function requiredSid(call: Call, name: string, prefix: string): string {
  const sid = call.params.sid(name, prefix);
  if (sid === undefined) throw missingParameter(name);
  return sid;
}

function rendered(call: Call, taskSid: string, transfer: Transfer): Payload {
  const task: Task | undefined = call.session.host.view.task(taskSid);
  if (task === undefined) throw notFound("Task", taskSid);
  return serializeTransfer(dialect(call), task, transfer);
}

export async function createTransfer(call: Call, workerSid: string): Promise<Payload> {
  const b = call.params;
  const me = ownWorker(call, workerSid);
  const taskSid = requiredSid(call, "TaskSid", "WT");
  const reservation = ownReservation(call, requiredSid(call, "ReservationSid", "WR"), "answer");
  const transfer = await call.session.host.execute({
    type: "transfer.create",
    taskSid,
    reservationSid: reservation.sid,
    workerSid: me,
    to: b.required("To"),
    mode: b.string("Mode"),
    attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
    priority: b.integer("Priority", { min: 0, max: MAX_PRIORITY }),
  });
  return rendered(call, taskSid, transfer);
}

export async function updateTransfer(call: Call, workerSid: string, sid: string): Promise<Payload> {
  const me = ownWorker(call, workerSid);
  const taskSid = requiredSid(call, "TaskSid", "WT");
  const status = call.params.required("TransferStatus");
  if (status !== "canceled")
    throw invalidParameter("TransferStatus", `can only be set to canceled, not ${status}`);
  const transfer = await call.session.host.execute({ type: "transfer.cancel", taskSid, sid, workerSid: me });
  return rendered(call, taskSid, transfer);
}

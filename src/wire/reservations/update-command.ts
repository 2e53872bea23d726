/**
 * The `reservation.update` command of a reservation update form (REST, and the worker SDK's
 * gateway): status, activity, instruction and the instruction's fields, from the Task view or the
 * Worker view of the reservation.
 */
import { RESERVATION_STATUSES, type Reservation } from "../../domain/entities.ts";
import type { CommandOf } from "../../engine/commands.ts";
import type { Params } from "../params.ts";
import { instructionParams } from "./instruction-params.ts";

export function reservationUpdateCommand(
  b: Params,
  current: Reservation,
  via: "task" | "worker",
  ifMatch?: string,
): CommandOf<"reservation.update"> {
  const params = instructionParams(b, via);
  return {
    type: "reservation.update",
    sid: current.sid,
    ...(via === "task" ? { taskSid: current.taskSid } : { workerSid: current.workerSid }),
    reservationStatus: b.enumOf("ReservationStatus", RESERVATION_STATUSES),
    workerActivitySid: b.sid("WorkerActivitySid", "WA"),
    instruction: b.string("Instruction"),
    ...(Object.keys(params).length > 0 ? { instructionParams: params } : {}),
    ...(ifMatch !== undefined ? { ifMatch } : {}),
  };
}

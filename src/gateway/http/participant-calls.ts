/**
 * The SDK's participant calls (API v2) on the task's simulated conference (docs/voice.md,
 * docs/transfers.md). Each needs a live reservation of the token's worker: accepted or wrapping for
 * the task calls (as for any task update), its own reservation for Reservation.updateParticipant.
 *
 *   POST Workers/{WK}/CustomerParticipant      {TaskSid, Hold, HoldUrl?, HoldMethod?}   Task.updateParticipant
 *   POST Workers/{WK}/HoldWorkerParticipant    {TaskSid, TargetWorkerSid, Hold, …}      Task.hold
 *   POST Workers/{WK}/KickWorkerParticipant    {TaskSid, TargetWorkerSid}               Task.kick
 *   POST Workers/{WK}/WorkerParticipant        {ReservationSid, Mute?, EndConferenceOnExit?, BeepOnExit?}
 *                                                                                       Reservation.updateParticipant
 * The task calls answer the task (the SDK updates its Task from it); HoldUrl/HoldMethod and
 * BeepOnExit are accepted and have no effect (nothing is heard in a simulated call).
 */
import type { Task } from "../../domain/entities.ts";
import { missingParameter, noSimulatedConference } from "../../domain/errors.ts";
import type { Payload } from "../../wire/serializers/dialect.ts";
import { serializeTask } from "../../wire/serializers/task.ts";
import type { ConferenceControl } from "../context.ts";
import { type Call, dialect, heldTask, ownReservation, ownWorker } from "./call.ts";
import { rendered } from "./worker-calls.ts";

function conferences(call: Call, taskSid: string): ConferenceControl {
  const control = call.deps.conferences;
  if (control === undefined) throw noSimulatedConference(taskSid);
  return control;
}

function sidParam(call: Call, name: string, prefix: string): string {
  const sid = call.params.sid(name, prefix);
  if (sid === undefined) throw missingParameter(name);
  return sid;
}

function taskOf(call: Call, workerSid: string): Task {
  ownWorker(call, workerSid);
  return heldTask(call, sidParam(call, "TaskSid", "WT"), "work");
}

function holdParam(call: Call): boolean {
  const hold = call.params.boolean("Hold");
  if (hold === undefined) throw missingParameter("Hold");
  return hold;
}

export function updateCustomer(call: Call, workerSid: string): Payload {
  const task = taskOf(call, workerSid);
  conferences(call, task.sid).holdCustomer(task, holdParam(call));
  return serializeTask(dialect(call), task);
}

export function holdWorker(call: Call, workerSid: string): Payload {
  const task = taskOf(call, workerSid);
  const target = sidParam(call, "TargetWorkerSid", "WK");
  conferences(call, task.sid).holdWorker(task, target, holdParam(call));
  return serializeTask(dialect(call), task);
}

export async function kickWorker(call: Call, workerSid: string): Promise<Payload> {
  const task = taskOf(call, workerSid);
  const target = sidParam(call, "TargetWorkerSid", "WK");
  await conferences(call, task.sid).kickWorker(task, target);
  return serializeTask(dialect(call), task);
}

export function updateWorker(call: Call, workerSid: string): Payload {
  const me = ownWorker(call, workerSid);
  const reservation = ownReservation(call, sidParam(call, "ReservationSid", "WR"), "work");
  const task = heldTask(call, reservation.taskSid, "work");
  conferences(call, task.sid).updateWorker(task, me, {
    ...(call.params.has("Mute") ? { muted: call.params.boolean("Mute") === true } : {}),
    ...(call.params.has("EndConferenceOnExit")
      ? { endConferenceOnExit: call.params.boolean("EndConferenceOnExit") === true }
      : {}),
  });
  return rendered(call, reservation, true);
}

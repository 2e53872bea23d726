/**
 * Task calls of a worker token: fetch the tasks it holds a live reservation for, update those it
 * accepted (wrap up, complete, attributes; call.ts ACCESS), reservations seen from the task, and creating an outbound task routed to
 * itself (`worker.createTask`, RoutingTarget = its own SID; canceled with `reservation.failed` when it
 * gets no reservation at once).
 */

import type { Reservation } from "../../domain/entities.ts";
import { forbidden, notFound } from "../../domain/errors.ts";
import { MAX_ATTRIBUTES_LENGTH, MAX_PRIORITY, MAX_TASK_TIMEOUT } from "../../domain/limits.ts";
import { jsonObjectParam } from "../../wire/json-param.ts";
import { reservationUpdateCommand } from "../../wire/reservations/update-command.ts";
import type { Payload } from "../../wire/serializers/dialect.ts";
import { serializeTask } from "../../wire/serializers/task.ts";
import { routingTarget, TASK_STATUSES, virtualStartTime } from "../../wire/tasks/task-params.ts";
import {
  type Access,
  type Call,
  dialect,
  heldTask,
  ownReservation,
  supervising,
  workerSidOf,
} from "./call.ts";
import { applyReservationUpdate, rendered } from "./worker-calls.ts";

export function getTask(call: Call, sid: string): Payload {
  return serializeTask(dialect(call), heldTask(call, sid, "read"));
}

export async function updateTask(call: Call, sid: string): Promise<Payload> {
  const b = call.params;
  const task = await call.session.host.execute({
    type: "task.update",
    sid: heldTask(call, sid, "work").sid,
    attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
    assignmentStatus: b.enumOf("AssignmentStatus", TASK_STATUSES),
    reason: b.string("Reason"),
    priority: b.integer("Priority", { min: 0, max: MAX_PRIORITY }),
    taskChannel: b.string("TaskChannel"),
    virtualStartTime: virtualStartTime(b, call.deps.clock.now()),
  });
  return serializeTask(dialect(call), task);
}

export async function createTask(call: Call): Promise<Payload> {
  const b = call.params;
  const target = routingTarget(b);
  if (target !== workerSidOf(call)) {
    throw forbidden(
      `A worker token may only create tasks routed to itself (RoutingTarget=${workerSidOf(call)})`,
    );
  }
  const task = await call.session.host.execute({
    type: "task.create",
    timeout: b.integer("Timeout", { min: 1, max: MAX_TASK_TIMEOUT }),
    priority: b.integer("Priority", { min: 0, max: MAX_PRIORITY }),
    taskChannel: b.string("TaskChannelSid") ?? b.string("TaskChannelUniqueName") ?? b.string("TaskChannel"),
    workflowSid: b.sid("WorkflowSid", "WW"),
    taskQueueSid: b.sid("TaskQueueSid", "WQ"),
    attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
    virtualStartTime: virtualStartTime(b, call.deps.clock.now()),
    routingTarget: target,
    ignoreCapacity: b.boolean("IgnoreCapacity"),
  });
  // No reservation at once: the task is canceled and the worker hears `reservationFailed`
  // (engine/reservations/reservation-failed.ts). The SDK only reads the created task's SID.
  if (task.assignmentStatus === "pending" && call.session.host.view.reservationsOfTask(task.sid).length === 0)
    await call.session.host.execute({ type: "task.reservationFailed", sid: task.sid, workerSid: target });
  return serializeTask(dialect(call), task);
}

function reservationOfTask(call: Call, taskSid: string, sid: string, access: Access): Reservation {
  const r = ownReservation(call, sid, access);
  if (r.taskSid !== taskSid) throw notFound("Reservation", sid);
  return r;
}

export function getTaskReservation(call: Call, taskSid: string, sid: string): Payload {
  return rendered(call, reservationOfTask(call, taskSid, sid, "read"));
}

export async function updateTaskReservation(call: Call, taskSid: string, sid: string): Promise<Payload> {
  if (supervising(call)) {
    // Supervisor.monitor: any worker's live reservation of the task; the instruction is recorded.
    const r = call.session.host.view.reservation(sid);
    if (r === undefined || r.taskSid !== taskSid) throw notFound("Reservation", sid);
    const updated = await call.session.host.execute(reservationUpdateCommand(call.params, r, "task"));
    return rendered(call, updated, true);
  }
  reservationOfTask(call, taskSid, sid, "answer");
  return applyReservationUpdate(call, sid, "task");
}

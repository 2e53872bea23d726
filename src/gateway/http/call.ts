/**
 * One worker-SDK request (`{url, method, params, token}` POSTed to the gateway) once its token is
 * verified, and the rules of what a worker token may touch: its own worker, its own live
 * reservations, the tasks it holds a live reservation for (ACCESS below); reads of the workspace's
 * activities, queues and workers.
 */

import type { Reservation, ReservationStatus, Task } from "../../domain/entities.ts";
import { forbidden, notFound } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import type { Params } from "../../wire/params.ts";
import { sdkContext, type WireContext } from "../../wire/serializers/dialect.ts";
import type { GatewayDeps, WorkerSession } from "../context.ts";

export interface Call {
  deps: GatewayDeps;
  session: WorkerSession;
  method: "GET" | "POST";
  /** The path segments after `Workspaces/{WorkspaceSid}`. */
  segments: string[];
  params: Params;
  /** The SDK's `apiVersion` header (v1 or v2). */
  apiVersion: string;
}

/** A rendering context read now, after any write the call made. */
export function dialect(call: Call): WireContext {
  return sdkContext(call.session.host.view, call.deps.clock.now());
}

export function workerSidOf(call: Call): string {
  return call.session.grant.workerSid;
}

/** 403 unless `sid` is the token's own worker. */
export function ownWorker(call: Call, sid: string): string {
  if (call.session.host.view.worker(sid) === undefined) throw notFound("Worker", sid);
  if (sid !== workerSidOf(call)) {
    throw forbidden(`This token acts as worker ${workerSidOf(call)} and may not act on worker ${sid}`);
  }
  return sid;
}

/**
 * The worker a worker update may change: the token's own, or with a supervisor token (role
 * "supervisor", the SDK's Supervisor.setWorkerActivity/setWorkerAttributes) any worker of the workspace.
 */
export function updatableWorker(call: Call, sid: string): string {
  if (call.session.grant.role !== "supervisor") return ownWorker(call, sid);
  if (call.session.host.view.worker(sid) === undefined) throw notFound("Worker", sid);
  return sid;
}

/** A supervisor token asking to supervise a reservation (Supervisor.monitor: Instruction=supervise). */
export function supervising(call: Call): boolean {
  return (
    call.session.grant.role === "supervisor" &&
    call.params.string("Instruction")?.trim().toLowerCase() === "supervise"
  );
}

/**
 * Which reservation statuses give a worker token access, per operation. Only a live reservation
 * counts: once the worker rejected it, let it time out, or was rescinded, the task is another
 * worker's business (a rejected reservation used to let a worker rewrite a task someone else had
 * accepted). Finished reservations (completed, canceled) are history the REST API shows.
 *   read       fetch a task or a reservation, list reservations: pending, accepted, wrapping
 *   answer     update a reservation (accept, reject, instructions, wrap, complete): the same; the
 *              reservation state machine then decides which move is allowed from where
 *   work       update a task (attributes, wrap up, complete, priority...): accepted, wrapping, as
 *              the task is the worker's only once it accepted (a pending reservation is an offer)
 */
export const ACCESS = {
  read: new Set<ReservationStatus>(["pending", "accepted", "wrapping"]),
  answer: new Set<ReservationStatus>(["pending", "accepted", "wrapping"]),
  work: new Set<ReservationStatus>(["accepted", "wrapping"]),
} as const;
export type Access = keyof typeof ACCESS;

/** The reservation, 404 when unknown, 403 when another worker's or no longer live for `access`. */
export function ownReservation(call: Call, sid: string, access: Access): Reservation {
  const r = isSid(sid, "WR") ? call.session.host.view.reservation(sid) : undefined;
  if (r === undefined) throw notFound("Reservation", sid);
  if (r.workerSid !== workerSidOf(call)) {
    throw forbidden(`Reservation ${sid} belongs to another worker than ${workerSidOf(call)}`);
  }
  if (!ACCESS[access].has(r.reservationStatus)) {
    throw forbidden(
      `Reservation ${sid} is ${r.reservationStatus}: a worker token may ${access === "read" ? "read" : "update"} only its ${statusList(access)} reservations`,
    );
  }
  return r;
}

/**
 * The task, 404 when unknown, 403 unless the token's worker holds a live reservation for it
 * (pending/accepted/wrapping to read it, accepted/wrapping to update it).
 */
export function heldTask(call: Call, sid: string, access: "read" | "work"): Task {
  const view = call.session.host.view;
  const task = isSid(sid, "WT") ? view.task(sid) : undefined;
  if (task === undefined) throw notFound("Task", sid);
  const mine = view.reservationsOfTask(sid).filter((r) => r.workerSid === workerSidOf(call));
  if (!mine.some((r) => ACCESS[access].has(r.reservationStatus))) {
    const had =
      mine.length === 0
        ? "no reservation"
        : `only ${mine.map((r) => r.reservationStatus).join(", ")} reservations`;
    throw forbidden(
      `Worker ${workerSidOf(call)} holds ${had} for task ${sid}: ${access === "read" ? "reading" : "updating"} it needs a ${statusList(access)} reservation`,
    );
  }
  return task;
}

function statusList(access: Access): string {
  const statuses = [...ACCESS[access]];
  return `${statuses.slice(0, -1).join(", ")}${statuses.length > 1 ? " or " : ""}${statuses.at(-1) ?? ""}`;
}

/**
 * One worker-SDK request (`{url, method, params, token}` POSTed to the gateway) once its token is
 * verified, and the rules of what a worker token may touch: its own worker, its own reservations,
 * the tasks it holds a reservation for; reads of the workspace's activities, queues and workers.
 */

import type { Params } from "../../api/wire/params.ts";
import type { Reservation, Task } from "../../domain/entities.ts";
import { forbidden, notFound } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import type { GatewayDeps, WorkerSession } from "../context.ts";
import type { DialectContext } from "../dialect/workers.ts";

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
export function dialect(call: Call): DialectContext {
  return { view: call.session.host.view, now: call.deps.clock.now() };
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

/** The reservation, 404 when unknown, 403 when it belongs to another worker. */
export function ownReservation(call: Call, sid: string): Reservation {
  const r = isSid(sid, "WR") ? call.session.host.view.reservation(sid) : undefined;
  if (r === undefined) throw notFound("Reservation", sid);
  if (r.workerSid !== workerSidOf(call)) {
    throw forbidden(`Reservation ${sid} belongs to another worker than ${workerSidOf(call)}`);
  }
  return r;
}

/** The task, 404 when unknown, 403 unless the token's worker holds (or held) a reservation for it. */
export function heldTask(call: Call, sid: string): Task {
  const view = call.session.host.view;
  const task = isSid(sid, "WT") ? view.task(sid) : undefined;
  if (task === undefined) throw notFound("Task", sid);
  if (!view.reservationsOfTask(sid).some((r) => r.workerSid === workerSidOf(call))) {
    throw forbidden(`Worker ${workerSidOf(call)} holds no reservation for task ${sid}`);
  }
  return task;
}

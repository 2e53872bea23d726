/**
 * Reservations, seen from the Task (/Tasks/{TaskSid}/Reservations[/{Sid}]) and from the Worker
 * (/Workers/{WorkerSid}/Reservations[/{Sid}]): list, fetch, update. One update command serves
 * both views; the engine applies accept/reject/complete and the instruction (dequeue, call,
 * redirect, conference, supervise) with its fields. Update honours `If-Match`.
 */
import type { FastifyRequest } from "fastify";
import type { Reservation } from "../../../domain/entities.ts";
import { RESERVATION_STATUSES } from "../../../domain/entities.ts";
import { notFound } from "../../../domain/errors.ts";
import { ifMatch, setEtag } from "../../../wire/render.ts";
import { reservationUpdateCommand } from "../../../wire/reservations/update-command.ts";
import { serializeReservation } from "../../../wire/serializers/reservation.ts";
import { type ApiDeps, body, listPage, query, type ResourcePlugin } from "../../context.ts";
import { listEtag } from "../list-etag.ts";
import { found, pathParam, type Scope, scopeOf } from "../scope.ts";

type Via = "task" | "worker";

const PATHS: Record<Via, { list: string; parent: string; param: string; prefix: string; resource: string }> =
  {
    task: {
      list: "/v1/Workspaces/:WorkspaceSid/Tasks/:TaskSid/Reservations",
      parent: "Tasks",
      param: "TaskSid",
      prefix: "WT",
      resource: "Task",
    },
    worker: {
      list: "/v1/Workspaces/:WorkspaceSid/Workers/:WorkerSid/Reservations",
      parent: "Workers",
      param: "WorkerSid",
      prefix: "WK",
      resource: "Worker",
    },
  };

/** The parent (task or worker) SID of the path, 404 if it does not exist. */
function parentSid(scope: Scope, request: FastifyRequest, via: Via): string {
  const p = PATHS[via];
  const lookup = (s: string): { sid: string } | undefined =>
    via === "task" ? scope.view().task(s) : scope.view().worker(s);
  return found(p.resource, pathParam(request, p.param), p.prefix, lookup).sid;
}

function reservationOf(scope: Scope, request: FastifyRequest, via: Via): Reservation {
  const parent = parentSid(scope, request, via);
  const sid = pathParam(request, "Sid");
  const r = found("Reservation", sid, "WR", (s) => scope.view().reservation(s));
  if ((via === "task" ? r.taskSid : r.workerSid) !== parent) throw notFound("Reservation", sid);
  return r;
}

function registerView(app: Parameters<ResourcePlugin>[0], deps: ApiDeps, via: Via): void {
  const p = PATHS[via];

  app.get(p.list, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const parent = parentSid(scope, request, via);
    const q = query(request);
    const status = q.enumOf("ReservationStatus", RESERVATION_STATUSES);
    const workerSid = via === "task" ? q.sid("WorkerSid", "WK") : undefined;
    const all =
      via === "task" ? scope.view().reservationsOfTask(parent) : scope.view().reservationsOfWorker(parent);
    const items = all.filter(
      (r) =>
        (status === undefined || r.reservationStatus === status) &&
        (workerSid === undefined || r.workerSid === workerSid),
    );
    if (via === "task") reply.header("ETag", listEtag(items));
    const ctx = scope.ctx();
    return listPage(request, {
      key: "reservations",
      url: deps.url("v1", "Workspaces", scope.host.sid, p.parent, parent, "Reservations"),
      items,
      sidOf: (r) => r.sid,
      render: (r) => serializeReservation(ctx, r, { via }),
    });
  });

  app.get(`${p.list}/:Sid`, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const r = reservationOf(scope, request, via);
    setEtag(reply, r.version);
    return serializeReservation(scope.ctx(), r, { via });
  });

  app.post(`${p.list}/:Sid`, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const current = reservationOf(scope, request, via);
    const command = reservationUpdateCommand(body(request), current, via, ifMatch(request));
    const r = await scope.host.execute(command);
    setEtag(reply, r.version);
    return serializeReservation(scope.ctx(), r, { via });
  });
}

export const reservationsPlugin: ResourcePlugin = async (app, { deps }) => {
  registerView(app, deps, "task");
  registerView(app, deps, "worker");
};

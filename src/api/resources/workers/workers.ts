/**
 * Workers: /v1/Workspaces/{WorkspaceSid}/Workers[/{Sid}]. Single-worker responses carry an `ETag`
 * (the worker's version, quoted); Update and Delete honour `If-Match` (412 on mismatch, checked by
 * the engine). Attributes are `null` in list responses.
 */
import type { Worker } from "../../../domain/entities.ts";
import { MAX_ATTRIBUTES_LENGTH, MAX_FRIENDLY_NAME } from "../../../domain/limits.ts";
import { selectWorkers } from "../../../wire/filters/worker-filters.ts";
import { jsonObjectParam } from "../../../wire/json-param.ts";
import { paginate } from "../../../wire/pagination.ts";
import { ifMatch, setEtag } from "../../../wire/render.ts";
import { serializeWorker } from "../../../wire/serializers/worker.ts";
import { body, query, type ResourcePlugin } from "../../context.ts";
import { found, pathParam, type Scope, scopeOf } from "../scope.ts";
import { cachedWorkerList } from "./worker-list-cache.ts";
import { workerListJson } from "./worker-list-render.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Workers";
const ONE = `${LIST}/:Sid`;

export function workerOf(scope: Scope, sid: string): Worker {
  return found("Worker", sid, "WK", (s) => scope.view().worker(s));
}

export const workersPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const ctx = scope.ctx();
    const q = query(request);
    const { items, etag } = cachedWorkerList(scope.host, q, () => selectWorkers(scope.view(), q, ctx.now));
    reply.header("ETag", etag);
    const page = paginate({
      key: "workers",
      url: deps.url("v1", "Workspaces", scope.host.sid, "Workers"),
      query: q,
      items,
      sidOf: (w) => w.sid,
    });
    // The same JSON as listPage would send, from each worker's cached rendering (worker-list-render.ts).
    const workers = page.items.map((w) => workerListJson(ctx, w)).join(",");
    return reply
      .type("application/json; charset=utf-8")
      .send(`{"workers":[${workers}],"meta":${JSON.stringify(page.meta)}}`);
  });

  app.post(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const worker = await scope.host.execute({
      type: "worker.create",
      friendlyName: b.required("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      activitySid: b.sid("ActivitySid", "WA"),
      attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
    });
    setEtag(reply, worker.version);
    return reply.code(201).send(serializeWorker(scope.ctx(), worker));
  });

  app.get(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const worker = workerOf(scope, pathParam(request, "Sid"));
    setEtag(reply, worker.version);
    return serializeWorker(scope.ctx(), worker);
  });

  app.post(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = workerOf(scope, pathParam(request, "Sid")).sid;
    const b = body(request);
    const worker = await scope.host.execute({
      type: "worker.update",
      sid,
      friendlyName: b.string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      activitySid: b.sid("ActivitySid", "WA"),
      attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
      rejectPendingReservations: b.boolean("RejectPendingReservations"),
      ifMatch: ifMatch(request),
    });
    setEtag(reply, worker.version);
    return serializeWorker(scope.ctx(), worker);
  });

  app.delete(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = workerOf(scope, pathParam(request, "Sid")).sid;
    await scope.host.execute({ type: "worker.delete", sid, ifMatch: ifMatch(request) });
    return reply.code(204).send();
  });
};

/**
 * WorkerChannels: /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels[/{Sid}] (list, fetch,
 * update). One per TaskChannel, created with the worker; `{Sid}` is a WC SID, the TC SID or the
 * channel's unique name. assigned_tasks / available / available_capacity_percentage are derived.
 */
import type { WorkerChannel } from "../../../domain/entities.ts";
import { notFound } from "../../../domain/errors.ts";
import { MAX_CAPACITY_PARAM } from "../../../domain/limits.ts";
import { serializeWorkerChannel } from "../../../wire/serializers/worker-channel.ts";
import { body, listPage, type ResourcePlugin } from "../../context.ts";
import { pathParam, type Scope, scopeOf } from "../scope.ts";
import { workerOf } from "./workers.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Workers/:WorkerSid/Channels";
const ONE = `${LIST}/:Sid`;

/** Largest capacity accepted on a channel (TaskRouter documents no limit; this keeps it sane). */

function channelOf(scope: Scope, workerSid: string, sid: string): WorkerChannel {
  const channel = scope.view().workerChannel(workerSid, sid);
  if (channel === undefined) throw notFound("WorkerChannel", sid);
  return channel;
}

export const workerChannelsPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request) => {
    const scope = scopeOf(deps, request);
    const worker = workerOf(scope, pathParam(request, "WorkerSid"));
    const ctx = scope.ctx();
    return listPage(request, {
      key: "channels",
      url: deps.url("v1", "Workspaces", scope.host.sid, "Workers", worker.sid, "Channels"),
      items: scope.view().workerChannels(worker.sid),
      sidOf: (c) => c.sid,
      render: (c) => serializeWorkerChannel(ctx, c),
    });
  });

  app.get(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const worker = workerOf(scope, pathParam(request, "WorkerSid"));
    return serializeWorkerChannel(scope.ctx(), channelOf(scope, worker.sid, pathParam(request, "Sid")));
  });

  app.post(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const worker = workerOf(scope, pathParam(request, "WorkerSid"));
    const sid = channelOf(scope, worker.sid, pathParam(request, "Sid")).sid;
    const b = body(request);
    const channel = await scope.host.execute({
      type: "workerChannel.update",
      workerSid: worker.sid,
      sid,
      capacity: b.integer("Capacity", { min: 0, max: MAX_CAPACITY_PARAM }),
      available: b.boolean("Available"),
    });
    return serializeWorkerChannel(scope.ctx(), channel);
  });
};

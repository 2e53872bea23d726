/**
 * TaskChannels: /v1/Workspaces/{WorkspaceSid}/TaskChannels[/{Sid}]. The path `{Sid}` is a TC SID or
 * the channel's unique name (`voice`, `chat`, ...).
 */
import type { TaskChannel } from "../../domain/entities.ts";
import { notFound } from "../../domain/errors.ts";
import { MAX_FRIENDLY_NAME } from "../../domain/limits.ts";
import { wrapUpLimitParam } from "../../wire/chores.ts";
import { serializeTaskChannel } from "../../wire/serializers/task-channel.ts";
import { body, listPage, type ResourcePlugin } from "../context.ts";
import { pathParam, type Scope, scopeOf } from "./scope.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/TaskChannels";
const ONE = `${LIST}/:Sid`;

function channelOf(scope: Scope, sidOrName: string): TaskChannel {
  const channel = scope.view().taskChannel(sidOrName);
  if (channel === undefined) throw notFound("TaskChannel", sidOrName);
  return channel;
}

export const taskChannelsPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request) => {
    const scope = scopeOf(deps, request);
    const ctx = scope.ctx();
    return listPage(request, {
      key: "channels",
      url: deps.url("v1", "Workspaces", scope.host.sid, "TaskChannels"),
      items: [...scope.view().taskChannels()],
      sidOf: (c) => c.sid,
      render: (c) => serializeTaskChannel(ctx, c),
    });
  });

  app.post(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const channel = await scope.host.execute({
      type: "taskChannel.create",
      friendlyName: b.required("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      uniqueName: b.required("UniqueName", { maxLength: MAX_FRIENDLY_NAME }),
      channelOptimizedRouting: b.boolean("ChannelOptimizedRouting"),
      wrapUpLimitSeconds: wrapUpLimitParam(b),
    });
    return reply.code(201).send(serializeTaskChannel(scope.ctx(), channel));
  });

  app.get(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    return serializeTaskChannel(scope.ctx(), channelOf(scope, pathParam(request, "Sid")));
  });

  app.post(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const sid = channelOf(scope, pathParam(request, "Sid")).sid;
    const b = body(request);
    const channel = await scope.host.execute({
      type: "taskChannel.update",
      sid,
      friendlyName: b.string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      channelOptimizedRouting: b.boolean("ChannelOptimizedRouting"),
      wrapUpLimitSeconds: wrapUpLimitParam(b),
    });
    return serializeTaskChannel(scope.ctx(), channel);
  });

  app.delete(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = channelOf(scope, pathParam(request, "Sid")).sid;
    await scope.host.execute({ type: "taskChannel.delete", sid });
    return reply.code(204).send();
  });
};

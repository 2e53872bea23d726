/** Activities: /v1/Workspaces/{WorkspaceSid}/Activities[/{Sid}] (create, fetch, update, delete, list). */
import { MAX_FRIENDLY_NAME } from "../../domain/limits.ts";
import { serializeActivity } from "../../wire/serializers/activity.ts";
import { body, listPage, query, type ResourcePlugin } from "../context.ts";
import { found, pathParam, scopeOf } from "./scope.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Activities";
const ONE = `${LIST}/:Sid`;

export const activitiesPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request) => {
    const scope = scopeOf(deps, request);
    const q = query(request);
    const friendlyName = q.string("FriendlyName");
    const available = q.boolean("Available");
    const items = [...scope.view().activities()].filter(
      (a) =>
        (friendlyName === undefined || a.friendlyName === friendlyName) &&
        (available === undefined || a.available === available),
    );
    const ctx = scope.ctx();
    return listPage(request, {
      key: "activities",
      url: deps.url("v1", "Workspaces", scope.host.sid, "Activities"),
      items,
      sidOf: (a) => a.sid,
      render: (a) => serializeActivity(ctx, a),
    });
  });

  app.post(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const activity = await scope.host.execute({
      type: "activity.create",
      friendlyName: b.required("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      available: b.boolean("Available"),
    });
    return reply.code(201).send(serializeActivity(scope.ctx(), activity));
  });

  app.get(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const activity = found("Activity", pathParam(request, "Sid"), "WA", (sid) => scope.view().activity(sid));
    return serializeActivity(scope.ctx(), activity);
  });

  app.post(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const sid = found("Activity", pathParam(request, "Sid"), "WA", (s) => scope.view().activity(s)).sid;
    const activity = await scope.host.execute({
      type: "activity.update",
      sid,
      friendlyName: body(request).string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
    });
    return serializeActivity(scope.ctx(), activity);
  });

  app.delete(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = found("Activity", pathParam(request, "Sid"), "WA", (s) => scope.view().activity(s)).sid;
    await scope.host.execute({ type: "activity.delete", sid });
    return reply.code(204).send();
  });
};

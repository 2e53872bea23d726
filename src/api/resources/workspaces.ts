/**
 * Workspaces: `/v1/Workspaces` (ListWorkspace, CreateWorkspace) and `/v1/Workspaces/{Sid}`
 * (FetchWorkspace, UpdateWorkspace, DeleteWorkspace).
 */
import { invalidParameter } from "../../domain/errors.ts";
import { isEventType } from "../../domain/event-types.ts";
import { MAX_FRIENDLY_NAME } from "../../domain/limits.ts";
import type { WorkspaceView } from "../../engine/view.ts";
import { workspaceChoresParams } from "../../wire/chores.ts";
import type { Params } from "../../wire/params.ts";
import { restContext, type WireObject } from "../../wire/serializers/dialect.ts";
import { serializeWorkspace } from "../../wire/serializers/workspace.ts";
import { type ApiDeps, body, hostOf, listPage, principal, query, type ResourcePlugin } from "../context.ts";

const ORDERS = ["FIFO", "LIFO"] as const;
const TEMPLATES = ["NONE", "FIFO"] as const;

/** The workspace in the REST dialect (src/wire/serializers/workspace.ts). */
export function renderWorkspace(deps: ApiDeps, view: WorkspaceView): WireObject {
  return serializeWorkspace(restContext(deps.publicUrl, view, deps.clock.now()));
}

/** EventCallbackUrl: empty clears it; otherwise an absolute http(s) URL. */
function callbackUrl(params: Params): string | null | undefined {
  const value = params.nullableString("EventCallbackUrl");
  if (value === null || value === undefined) return value;
  if (!/^https?:\/\/[^\s]+$/i.test(value) || !URL.canParse(value)) {
    throw invalidParameter("EventCallbackUrl", `expected an absolute http(s) URL, got "${value}"`);
  }
  return value;
}

/** EventsFilter: a comma-separated list of TaskRouter event types; empty clears it. */
function eventsFilter(params: Params): string | null | undefined {
  const value = params.nullableString("EventsFilter");
  if (value === null || value === undefined) return value;
  const types = value.split(",").map((t) => t.trim());
  const unknown = types.filter((t) => !isEventType(t));
  if (unknown.length > 0)
    throw invalidParameter("EventsFilter", `unknown event type(s): ${unknown.join(", ")}`);
  return types.join(",");
}

export const workspacesPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get("/v1/Workspaces", async (request) => {
    const name = query(request).string("FriendlyName");
    const hosts = deps.runtime
      .workspaces(principal(request).accountSid)
      .filter((host) => name === undefined || host.view.workspace.friendlyName === name);
    return listPage(request, {
      key: "workspaces",
      url: deps.url("v1", "Workspaces"),
      items: hosts,
      sidOf: (host) => host.sid,
      render: (host) => renderWorkspace(deps, host.view),
    });
  });

  app.post("/v1/Workspaces", async (request, reply) => {
    const params = body(request);
    const host = await deps.runtime.createWorkspace({
      friendlyName: params.required("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      eventCallbackUrl: callbackUrl(params),
      eventsFilter: eventsFilter(params),
      multiTaskEnabled: params.boolean("MultiTaskEnabled"),
      template: params.enumOf("Template", TEMPLATES),
      prioritizeQueueOrder: params.enumOf("PrioritizeQueueOrder", ORDERS),
      chores: workspaceChoresParams(params),
    });
    return reply.status(201).send(renderWorkspace(deps, host.view));
  });

  app.get<{ Params: { Sid: string } }>("/v1/Workspaces/:Sid", async (request) => {
    return renderWorkspace(deps, hostOf(deps, request, request.params.Sid).view);
  });

  app.post<{ Params: { Sid: string } }>("/v1/Workspaces/:Sid", async (request) => {
    const host = hostOf(deps, request, request.params.Sid);
    const params = body(request);
    const friendlyName = params.string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME });
    if (friendlyName === "") throw invalidParameter("FriendlyName", "must not be empty");
    await host.execute({
      type: "workspace.update",
      friendlyName,
      eventCallbackUrl: callbackUrl(params),
      eventsFilter: eventsFilter(params),
      multiTaskEnabled: params.boolean("MultiTaskEnabled"),
      defaultActivitySid: params.sid("DefaultActivitySid", "WA"),
      timeoutActivitySid: params.sid("TimeoutActivitySid", "WA"),
      prioritizeQueueOrder: params.enumOf("PrioritizeQueueOrder", ORDERS),
      ...workspaceChoresParams(params),
    });
    return renderWorkspace(deps, host.view);
  });

  app.delete<{ Params: { Sid: string } }>("/v1/Workspaces/:Sid", async (request, reply) => {
    const host = hostOf(deps, request, request.params.Sid);
    await deps.runtime.deleteWorkspace(host.sid);
    return reply.status(204).send();
  });
};

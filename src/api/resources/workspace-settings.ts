/**
 * Tasklane's own workspace settings, kept apart from TaskRouter's Workspace resource so that one
 * stays exactly as the spec has it:
 *
 *   GET  /tasklane/v1/Workspaces/{WS}/Settings
 *   POST /tasklane/v1/Workspaces/{WS}/Settings   DisconnectActivitySid=WA…   (empty = none)
 *                                                DisconnectGraceSeconds=30   (empty = server default)
 *                                                TasklaneMaxAssigned, TasklaneMaxAssignedAction,
 *                                                TasklaneChannelRules (the chores, src/wire/chores.ts)
 *
 * The disconnect activity is where the worker gateway moves a worker whose last worker-SDK
 * connection has been gone for the grace period (docs/worker-sdk.md, "Presence"). The chores
 * (docs/operations.md) are also accepted by TaskRouter's Workspace create/update, whose answer
 * shows them only once set; here every one is shown, the action as `flag` when not set.
 */
import type { Workspace } from "../../domain/entities.ts";
import { invalidParameter } from "../../domain/errors.ts";
import { workspaceChoreFields, workspaceChoresParams } from "../../wire/chores.ts";
import type { Params } from "../../wire/params.ts";
import { body, type ResourcePlugin } from "../context.ts";
import { scopeOf } from "./scope.ts";

const PATH = "/tasklane/v1/Workspaces/:WorkspaceSid/Settings";

function graceParam(b: Params): number | null | undefined {
  const raw = b.string("DisconnectGraceSeconds");
  if (raw === undefined || raw === "") return raw === "" ? null : undefined;
  if (!/^\d+(\.\d+)?$/.test(raw))
    throw invalidParameter("DisconnectGraceSeconds", `expected seconds, got "${raw}"`);
  return Number(raw);
}

export const workspaceSettingsPlugin: ResourcePlugin = async (app, { deps }) => {
  const render = (ws: Workspace, activityName: string | null) => ({
    workspace_sid: ws.sid,
    disconnect_activity_sid: ws.disconnectActivitySid ?? null,
    disconnect_activity_name: activityName,
    disconnect_grace_seconds: ws.disconnectGraceSeconds ?? null,
    ...workspaceChoreFields(ws),
    tasklane_max_assigned_action: ws.maxAssignedAction ?? "flag",
    url: deps.url("tasklane", "v1", "Workspaces", ws.sid, "Settings"),
  });

  app.get(PATH, async (request) => {
    const scope = scopeOf(deps, request);
    const ws = scope.view().workspace;
    return render(ws, scope.view().activity(ws.disconnectActivitySid ?? "")?.friendlyName ?? null);
  });

  app.post(PATH, async (request) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const activity = b.nullableString("DisconnectActivitySid");
    if (activity != null && !/^WA[0-9a-fA-F]{32}$/.test(activity)) {
      throw invalidParameter("DisconnectActivitySid", `expected an Activity SID (WA…), got "${activity}"`);
    }
    const ws = await scope.host.execute({
      type: "workspace.update",
      disconnectActivitySid: activity,
      disconnectGraceSeconds: graceParam(b),
      ...workspaceChoresParams(b),
    });
    return render(ws, scope.view().activity(ws.disconnectActivitySid ?? "")?.friendlyName ?? null);
  });
};

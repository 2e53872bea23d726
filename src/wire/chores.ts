/**
 * The chores' form parameters (Tasklane extensions, docs/operations.md "Chores done server-side"):
 * accepted by TaskRouter's TaskChannel and Workspace create/update and by Tasklane's workspace
 * Settings, rendered as `tasklane_…` fields. An empty value clears a setting (null).
 *
 *   TasklaneWrapUpLimit        seconds            TaskChannel
 *   TasklaneMaxAssigned        seconds            Workspace
 *   TasklaneMaxAssignedAction  flag|complete|cancel
 *   TasklaneChannelRules       JSON array of {"while": "<channel>", "block": ["<channel>", …]}
 *
 * The ranges and the rules' references are checked by the engine (engine/chores/settings.ts),
 * which knows the channels; here only the shape of each value.
 */
import type { TaskChannel, Workspace } from "../domain/entities.ts";
import { MAX_ASSIGNED_ACTIONS } from "../domain/entities.ts";
import { MAX_CHORE_SECONDS } from "../domain/limits.ts";
import type { WorkspaceChores } from "../engine/commands.ts";
import type { Params } from "./params.ts";

function seconds(params: Params, name: string): number | null | undefined {
  if (params.string(name) === "") return null;
  return params.integer(name, { min: 1, max: MAX_CHORE_SECONDS });
}

export function wrapUpLimitParam(params: Params): number | null | undefined {
  return seconds(params, "TasklaneWrapUpLimit");
}

export function workspaceChoresParams(params: Params): WorkspaceChores {
  const action = params.string("TasklaneMaxAssignedAction");
  return {
    maxAssignedSeconds: seconds(params, "TasklaneMaxAssigned"),
    maxAssignedAction:
      action === "" ? null : params.enumOf("TasklaneMaxAssignedAction", MAX_ASSIGNED_ACTIONS),
    channelRules: params.nullableString("TasklaneChannelRules"),
  };
}

/** The workspace's settings as JSON fields, as stored (null: not set; the action then is `flag`). */
export function workspaceChoreFields(ws: Workspace) {
  return {
    tasklane_max_assigned: ws.maxAssignedSeconds ?? null,
    tasklane_max_assigned_action: ws.maxAssignedAction ?? null,
    tasklane_channel_rules: ws.channelRules ? JSON.stringify(ws.channelRules) : null,
  };
}

/** Only the settings that are on: TaskRouter's resources stay exactly TaskRouter's until one is set. */
export function setFields<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) as Partial<T>;
}

export function channelChoreFields(channel: TaskChannel) {
  return setFields({ tasklane_wrap_up_limit: channel.wrapUpLimitSeconds ?? null });
}

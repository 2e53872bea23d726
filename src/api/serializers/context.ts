/**
 * What every serializer needs besides the entity: the public base URL that absolute `url`/`links`
 * are built on, the workspace view (for derived fields such as activity names), and the clock
 * reading of the request (for task `age`).
 */
import type { WorkspaceView } from "../../engine/view.ts";
import { resourceUrl } from "../../wire/render.ts";

export interface SerializeContext {
  /** Public base, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  base: string;
  view: WorkspaceView;
  /** Epoch ms of the request. */
  now: number;
}

/** Wire form of a single entity: snake_case keys, JSON-compatible values. */
export type WireObject = Record<string, unknown>;

/** Dates render through the wire layer's one formatter (second-precision ISO 8601 UTC). */
export { isoDate } from "../../wire/render.ts";

/** `https://host/v1/Workspaces/WS...` followed by the given path segments. */
export function workspaceUrl(ctx: SerializeContext, ...segments: string[]): string {
  return resourceUrl(ctx.base, "v1", "Workspaces", ctx.view.workspace.sid, ...segments);
}

/** The fields every workspace-scoped resource starts with. */
export function commonFields(ctx: SerializeContext): { account_sid: string; workspace_sid: string } {
  return { account_sid: ctx.view.workspace.accountSid, workspace_sid: ctx.view.workspace.sid };
}

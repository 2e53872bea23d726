/**
 * One serialiser per entity, written in two dialects of the same TaskRouter resources:
 *
 *   rest  the REST API (src/api): ISO 8601 dates, REST's field names, `url` and `links`
 *   sdk   the twilio-taskrouter worker SDK (src/gateway: its HTTP endpoint and websocket frames,
 *         docs/worker-sdk.md): epoch-second dates, `version`, the SDK's own names (`queue_sid`
 *         for `task_queue_sid`, ...), a reservation with its task nested
 *
 * Each entity file holds one table of its fields (the value of each, by REST name) and the keys
 * each dialect writes, in the order it writes them: clients and tests know both answers byte for
 * byte, so the order is part of the dialect. A key written `[wire, field]` renders `field` under
 * the dialect's own name `wire`; a field whose value is undefined is left out.
 */
import type { WorkspaceView } from "../../engine/view.ts";
import { isoDate, resourceUrl } from "../render.ts";

export type Dialect = "rest" | "sdk";

export interface WireContext {
  dialect: Dialect;
  view: WorkspaceView;
  /** Epoch ms the payload is rendered at (task age). */
  now: number;
  /** The public base REST's `url` and `links` are built on, e.g. `http://127.0.0.1:4010`; the SDK dialect has neither. */
  base: string;
}

/** Wire form of a single entity: snake_case keys, JSON-compatible values. */
export type WireObject = Record<string, unknown>;
/** The gateway's name for a rendered SDK payload. */
export type Payload = WireObject;

export function restContext(base: string, view: WorkspaceView, now: number): WireContext {
  return { dialect: "rest", base, view, now };
}

export function sdkContext(view: WorkspaceView, now: number): WireContext {
  return { dialect: "sdk", base: "", view, now };
}

/** A field's value from the context, the entity and the call's options. */
export type Field<E, O> = (ctx: WireContext, entity: E, options: O) => unknown;
export type Fields<E, O = undefined> = Record<string, Field<E, O>>;
/** The keys each dialect writes, in order; `[wire, field]` renames. */
export type Keys<K extends string> = Record<Dialect, readonly (K | readonly [string, K])[]>;

export function render<E, O, K extends string>(
  ctx: WireContext,
  fields: Record<K, Field<E, O>>,
  keys: Keys<K>,
  entity: E,
  options: O,
): WireObject {
  const out: WireObject = {};
  for (const key of keys[ctx.dialect]) {
    const [name, field] = typeof key === "string" ? [key, key] : key;
    const value = fields[field](ctx, entity, options);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A date in the dialect's format: ISO 8601 (REST) or epoch seconds (SDK). Null stays null. */
export function wireDate(ctx: WireContext, ms: number | null): string | number | null {
  return ctx.dialect === "rest" ? isoDate(ms) : epochSeconds(ms);
}

export function epochSeconds(ms: number): number;
export function epochSeconds(ms: number | null): number | null;
export function epochSeconds(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 1000);
}

/** `https://host/v1/Workspaces/WS...` followed by the given path segments (REST only). */
export function workspaceUrl(ctx: WireContext, ...segments: string[]): string {
  return resourceUrl(ctx.base, "v1", "Workspaces", ctx.view.workspace.sid, ...segments);
}

/** The two fields every workspace-scoped resource starts with, in both dialects. */
export const COMMON_FIELDS = {
  account_sid: (ctx: WireContext) => ctx.view.workspace.accountSid,
  workspace_sid: (ctx: WireContext) => ctx.view.workspace.sid,
};

/** An activity's friendly name, null for none or an unknown SID. */
export function activityName(ctx: WireContext, sid: string | null): string | null {
  return sid === null ? null : (ctx.view.activity(sid)?.friendlyName ?? null);
}

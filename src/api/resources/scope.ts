/**
 * The per-request frame shared by the workspace sub-resource plugins: the workspace's host (404 if
 * unknown or foreign), and a fresh rendering context (REST dialect) read after any write so responses show the
 * state the command produced.
 */
import type { FastifyRequest } from "fastify";
import { notFound } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import type { WorkspaceView } from "../../engine/view.ts";
import type { WorkspaceHost } from "../../runtime/workspace-host.ts";
import { restContext, type WireContext } from "../../wire/serializers/dialect.ts";
import { type ApiDeps, hostOf } from "../context.ts";

export interface Scope {
  host: WorkspaceHost;
  view: () => WorkspaceView;
  ctx: () => WireContext;
}

export function scopeOf(deps: ApiDeps, request: FastifyRequest): Scope {
  const { WorkspaceSid } = request.params as { WorkspaceSid: string };
  const host = hostOf(deps, request, WorkspaceSid);
  return {
    host,
    view: () => host.view,
    ctx: () => restContext(deps.publicUrl, host.view, deps.clock.now()),
  };
}

/** The `:Sid`-style path parameter `name` of the request. */
export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? "";
}

/**
 * Looks an entity up by a path SID; a SID of the wrong shape cannot exist, so it is a 404 like an
 * unknown one (never a 400: the path is not a parameter the client filled in wrongly).
 */
export function found<T>(
  resource: string,
  sid: string,
  prefix: string,
  lookup: (sid: string) => T | undefined,
): T {
  const entity = isSid(sid, prefix) ? lookup(sid) : undefined;
  if (entity === undefined) throw notFound(resource, sid);
  return entity;
}

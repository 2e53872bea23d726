/**
 * The helper API for resource plugins (one plugin per resource in src/api/resources/). A handler
 * parses, validates, calls the runtime and serialises; these helpers do the shared parts:
 *
 *   const api = apiOf(request);            // deps of the server
 *   principal(request)                      // who is calling: { accountSid, via, keySid }
 *   body(request) / query(request)          // Params decoders (errors name the parameter)
 *   hostOf(request, workspaceSid)           // the workspace's WorkspaceHost, 404 if unknown or foreign
 *   await host.execute(command)             // through the workspace's single writer, durable on return
 *   host.view                               // reads, never waiting for writes
 *   listPage(request, {key, url, items, sidOf, render})   // a complete list response body
 *   api.url("v1", "Workspaces", sid)       // absolute URL on TASKLANE_PUBLIC_URL
 *
 * Plugins receive `{ deps }` as their options (see ResourcePlugin).
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Clock } from "../domain/clock.ts";
import type { SidSource } from "../domain/sid.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { Store } from "../store/port.ts";
import { paginate } from "../wire/pagination.ts";
import { resourceUrl } from "../wire/render.ts";
import { query } from "../wire/request.ts";

export { body, hostOf, principal, query } from "../wire/request.ts";

export interface ApiDeps {
  runtime: AccountRuntime;
  store: Store;
  clock: Clock;
  sids: SidSource;
  /** Base of every URL the API returns (no trailing slash). */
  publicUrl: string;
  /** Open event streams allowed per workspace (TASKLANE_MAX_EVENT_STREAMS_PER_WORKSPACE; default 200). */
  eventStreamsPerWorkspace?: number;
  /** Absolute URL from path segments: url("v1", "Workspaces", sid). */
  url(...segments: string[]): string;
  /** Told after an API key was deleted (the worker gateway closes the sockets it signed). */
  onKeyRevoked?: (keySid: string) => void;
}

export type ResourcePlugin = FastifyPluginAsync<{ deps: ApiDeps }>;

/** `publicUrl` may be changed after building (a server on port 0 learns its port when it listens). */
export function makeDeps(base: Omit<ApiDeps, "url">): ApiDeps {
  const deps: ApiDeps = { ...base, url: (...segments) => resourceUrl(deps.publicUrl, ...segments) };
  return deps;
}

/** A complete list body: `{ [key]: rendered items, meta }`. */
export function listPage<T>(
  request: FastifyRequest,
  options: {
    key: string;
    url: string;
    items: readonly T[];
    sidOf: (item: T) => string;
    render: (item: T) => unknown;
  },
): Record<string, unknown> {
  const page = paginate({
    key: options.key,
    url: options.url,
    query: query(request),
    items: options.items,
    sidOf: options.sidOf,
  });
  return { [options.key]: page.items.map(options.render), meta: page.meta };
}

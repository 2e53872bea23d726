/**
 * Every route the app serves, as registered (method, URL pattern): for the OpenAPI test, which checks
 * that each served route is documented and each documented route is served.
 */
import type { FastifyInstance, RouteOptions } from "fastify";

export interface ServedRoute {
  method: string;
  url: string;
}

const tables = new WeakMap<FastifyInstance, ServedRoute[]>();

/** Starts recording the routes registered on `app` (and its plugins) from now on. */
export function recordRoutes(app: FastifyInstance): void {
  const table: ServedRoute[] = [];
  tables.set(app, table);
  app.addHook("onRoute", (route: RouteOptions) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      table.push({ method, url: route.url });
    }
  });
}

export function servedRoutes(app: FastifyInstance): readonly ServedRoute[] {
  return tables.get(app) ?? [];
}

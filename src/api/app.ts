/**
 * Builds the Fastify app: Twilio's wire format (form bodies and query strings with repeated keys,
 * JSON where a route needs it), Basic auth on every route except /healthz, one error handler, and
 * the resource plugins from ./resources/index.ts.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { Authenticator } from "./auth/basic-auth.ts";
import { isConsolePath } from "./console/paths.ts";
import type { ApiDeps } from "./context.ts";
import { registerResources } from "./resources/index.ts";
import { installErrorHandling } from "./wire/errors.ts";
import { parseParams } from "./wire/form.ts";

export interface AppOptions {
  deps: ApiDeps;
  authenticator: Authenticator;
  logger?: boolean;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

const PUBLIC_PATHS = new Set(["/healthz"]);

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: (text: string) => parseParams(text) },
    forceCloseConnections: "idle",
  });
  app.decorateRequest("principal", null);
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, text, done) => {
      done(null, parseParams(typeof text === "string" ? text : text.toString("utf8")));
    },
  );
  installErrorHandling(app);

  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (PUBLIC_PATHS.has(path) || isConsolePath(path)) return;
    request.principal = await options.authenticator.authenticate(request);
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  await registerResources(app, options.deps);
  return app;
}

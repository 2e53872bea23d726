/**
 * Builds the Fastify app: Twilio's wire format (form bodies and query strings with repeated keys),
 * Basic auth on every route except /healthz (checked in onRequest, before any body is read), one
 * error handler, and the resource plugins from ./resources/index.ts.
 *
 * REST routes take `application/x-www-form-urlencoded` only, as TaskRouter does: a JSON or text body
 * is refused with 415 before any validator sees it (the worker gateway registers its own parser in
 * its own scope). Malformed URLs, over-long path segments and malformed HTTP get Twilio-shaped errors
 * too (./wire/errors.ts). Slow clients are bounded by the limits of src/config/http-limits.ts.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../config/http-limits.ts";
import { randomHex128 } from "../domain/sid.ts";
import { maskedUrl } from "../logging/logger.ts";
import { openApiDocument } from "../openapi/document.ts";
import { installErrorHandling, onClientError, onFrameworkError } from "../wire/errors.ts";
import { parseParams } from "../wire/form.ts";
import type { Authenticator } from "../wire/request.ts";
import { isConsolePath } from "./console/paths.ts";
import type { ApiDeps } from "./context.ts";
import { HEALTH_PATHS, registerHealthRoutes } from "./health.ts";
import { registerResources } from "./resources/index.ts";
import { recordRoutes } from "./route-table.ts";

export interface AppOptions {
  deps: ApiDeps;
  authenticator: Authenticator;
  /** A pino logger (src/logging/logger.ts), or false for none (tests). */
  logger?: FastifyBaseLogger | false;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Timeouts and the connection cap (default: DEFAULT_HTTP_LIMITS). */
  limits?: HttpLimits;
  /** Further paths served without credentials (e.g. /metrics when an operator opens it). */
  publicPaths?: readonly string[];
}

const PUBLIC_PATHS = [...HEALTH_PATHS, "/openapi.json"];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = options.limits ?? DEFAULT_HTTP_LIMITS;
  const logger = options.logger ?? false;
  const base: FastifyBaseLogger | undefined = logger === false ? undefined : logger;
  const app = Fastify({
    ...(base === undefined ? { logger: false } : { loggerInstance: base }),
    // Requests are logged at debug by the hook below (one line each), not at info by Fastify.
    disableRequestLogging: true,
    genReqId: () => `RQ${randomHex128()}`,
    requestIdLogLabel: "request_id",
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: (text: string) => parseParams(text) },
    forceCloseConnections: "idle",
    requestTimeout: limits.requestTimeoutMs,
    // Node looks for overdue requests and headers at this interval (its default, 30 s, would let a
    // slow client hold its socket for up to 30 s past the timeouts).
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
  });
  app.server.maxConnections = limits.maxConnections;
  app.decorateRequest("principal", null);
  // Only form bodies reach the REST validators; anything else is 415 (FST_ERR_CTP_INVALID_MEDIA_TYPE).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, text, done) => {
      done(null, parseParams(typeof text === "string" ? text : text.toString("utf8")));
    },
  );
  installErrorHandling(app);
  recordRoutes(app);
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("Twilio-Request-Id", request.id);
    return payload;
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        url: maskedUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request",
    );
  });

  const publicPaths = new Set([...PUBLIC_PATHS, ...(options.publicPaths ?? [])]);
  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (publicPaths.has(path) || isConsolePath(path)) return;
    request.principal = await options.authenticator.authenticate(request);
  });

  registerHealthRoutes(app, options.deps.store);
  app.get("/openapi.json", async () => openApiDocument(options.deps.publicUrl));
  await registerResources(app, options.deps);
  return app;
}

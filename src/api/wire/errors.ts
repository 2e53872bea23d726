/**
 * The one place errors become HTTP responses, in Twilio's legacy shape
 * `{code, message, more_info, status}`: TaskRouterErrors as they are, Fastify's own errors mapped to
 * Twilio codes (body too large 413/20413, malformed body 400/20001, unknown route 404/20404, wrong
 * method 405/20004), anything unexpected 500/20500 (logged, details not leaked).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { TaskRouterError } from "../../domain/errors.ts";

export function renderError(reply: FastifyReply, error: TaskRouterError): FastifyReply {
  if (error.status === 401) reply.header("WWW-Authenticate", 'Basic realm="Tasklane"');
  return reply
    .status(error.status)
    .type("application/json")
    .send({ code: error.code, message: error.message, more_info: error.moreInfo, status: error.status });
}

export function toTaskRouterError(error: unknown): TaskRouterError | null {
  if (error instanceof TaskRouterError) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new TaskRouterError(20413, 413, "Request body is larger than the server accepts");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new TaskRouterError(
        20001,
        400,
        "Unsupported Content-Type: send application/x-www-form-urlencoded",
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new TaskRouterError(20001, 400, `Invalid JSON body: ${fastifyError.message ?? ""}`.trim());
  }
  if (
    typeof fastifyError.statusCode === "number" &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return new TaskRouterError(20001, 400, fastifyError.message ?? "Bad request");
  }
  return null;
}

/** Installs the error and not-found handlers; call before registering routes (it watches them). */
export function installErrorHandling(app: FastifyInstance): void {
  const routes: Array<{ methods: string[]; pattern: RegExp }> = [];
  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ methods, pattern: routePattern(route.url ?? "") });
  });

  app.setErrorHandler((error, request, reply) => {
    const mapped = toTaskRouterError(error);
    if (mapped !== null && mapped.status < 500) return renderError(reply, mapped);
    // Server-side failures are bugs or infrastructure trouble: always say so on stderr.
    console.error(`${request.method} ${request.url} failed:`, mapped?.cause ?? error);
    return renderError(reply, mapped ?? new TaskRouterError(20500, 500, "Internal server error"));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const allowed = routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
    if (allowed.length > 0) {
      reply.header("Allow", [...new Set(allowed)].join(", "));
      return renderError(
        reply,
        new TaskRouterError(20004, 405, `Method ${request.method} not allowed on ${path}`),
      );
    }
    return renderError(
      reply,
      new TaskRouterError(20404, 404, `The requested resource ${path} was not found`),
    );
  });
}

/** `/v1/Workspaces/:Sid` -> /^\/v1\/Workspaces\/[^/]+\/?$/ */
function routePattern(url: string): RegExp {
  const escaped = url
    .split("/")
    .map((segment) =>
      segment.startsWith(":")
        ? `[^/]+${segment.includes(".") ? `\\.${segment.split(".").slice(1).join("\\.")}` : ""}`
        : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${escaped}/?$`);
}

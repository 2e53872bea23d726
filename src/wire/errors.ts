/**
 * The one place errors become HTTP responses, in Twilio's legacy shape
 * `{code, message, more_info, status}`: TaskRouterErrors as they are, Fastify's own errors mapped to
 * Twilio codes (body too large 413/20413, malformed body 400/20001, unknown route 404/20404, wrong
 * method 405/20004, a body that is not a form 415/20415, a malformed URL or an over-long path
 * segment 404/20404, malformed or too slow HTTP 400/408/431), anything unexpected 500/20500 (logged,
 * details not leaked).
 */
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { badUrl, clientProtocolError, TaskRouterError, unsupportedMediaType } from "../domain/errors.ts";

export function renderError(reply: FastifyReply, error: TaskRouterError): FastifyReply {
  if (error.status === 401) reply.header("WWW-Authenticate", 'Basic realm="Tasklane"');
  return reply
    .status(error.status)
    .type("application/json")
    .send({ code: error.code, message: error.message, more_info: error.moreInfo, status: error.status });
}

export function toTaskRouterError(error: unknown, contentType = ""): TaskRouterError | null {
  if (error instanceof TaskRouterError) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new TaskRouterError(20413, 413, "Request body is larger than the server accepts");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return unsupportedMediaType(contentType);
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
    const mapped = toTaskRouterError(error, request.headers["content-type"] ?? "");
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

/** Fastify's router errors (Fastify's `frameworkErrors` option): a malformed or over-long URL. */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split("?")[0] ?? "";
  const problem =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? "a path segment is longer than 100 characters"
      : "the path is not valid percent-encoding";
  renderError(reply, error.code === "FST_ERR_ASYNC_CONSTRAINT" ? internal() : badUrl(path, problem));
}

function internal(): TaskRouterError {
  return new TaskRouterError(20500, 500, "Internal server error");
}

/**
 * Malformed HTTP, headers too large, or a request that did not arrive within the request/headers
 * timeout (src/config/http-limits.ts): answered in Twilio's shape when the socket can still take it,
 * then closed.
 */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const mapped =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT" || error.code === "ERR_HTTP_HEADERS_TIMEOUT"
      ? clientProtocolError(408, "The request did not arrive in time; the connection is closed")
      : error.code === "HPE_HEADER_OVERFLOW"
        ? clientProtocolError(431, "Request headers are larger than the server accepts")
        : clientProtocolError(400, "Malformed HTTP request");
  const body = JSON.stringify({
    code: mapped.code,
    message: mapped.message,
    more_info: mapped.moreInfo,
    status: mapped.status,
  });
  socket.end(
    `HTTP/1.1 ${mapped.status} ${STATUS_TEXT[mapped.status] ?? "Bad Request"}\r\n` +
      `Connection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

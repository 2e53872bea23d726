/**
 * The one place errors become HTTP responses, in Twilio's legacy shape
 * `{code, message, more_info, status}`: TaskRouterErrors as they are, Fastify's own errors mapped to
 * Twilio codes (body too large 413/20413, malformed body 400/20001, unknown route 404/20404, wrong
 * method 405/20004, a body that is not a form 415/20415, a malformed URL or an over-long path
 * segment 404/20404, malformed or too slow HTTP 400/408/431), anything unexpected 500/20500 (logged,
 * details not leaked).
 */

import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import {
  badRequest,
  badUrl,
  bodyTooLarge,
  clientProtocolError,
  internalError,
  invalidJsonBody,
  methodNotAllowed,
  routeNotFound,
  TaskRouterError,
  unsupportedMediaType,
} from "../domain/errors.ts";

/** Twilio's error body. Every layer that answers an error (REST, gateway, sockets) sends this. */
export interface ErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function errorBody(error: TaskRouterError): ErrorBody {
  return { code: error.code, message: error.message, more_info: error.moreInfo, status: error.status };
}

export function renderError(reply: FastifyReply, error: TaskRouterError): FastifyReply {
  if (error.status === 401) reply.header("WWW-Authenticate", 'Basic realm="Tasklane"');
  return sendError(reply, error);
}

/** The error as a JSON response, without the REST API's Basic-auth challenge (the worker gateway). */
export function sendError(reply: FastifyReply, error: TaskRouterError): FastifyReply {
  return reply.status(error.status).type("application/json").send(errorBody(error));
}

/**
 * Answers on a raw socket, for requests Fastify never sees (malformed HTTP, a refused websocket
 * upgrade): a whole HTTP/1.1 response in Twilio's shape, then the end of the connection.
 */
export function endWithError(socket: Duplex, error: TaskRouterError): void {
  const body = JSON.stringify(errorBody(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Error"}\r\n` +
      "Connection: close\r\n" +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "\r\n" +
      body,
  );
}

export function toTaskRouterError(error: unknown, contentType = ""): TaskRouterError | null {
  if (error instanceof TaskRouterError) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return bodyTooLarge();
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return unsupportedMediaType(contentType);
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return invalidJsonBody(fastifyError.message ?? "");
  }
  if (
    typeof fastifyError.statusCode === "number" &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return badRequest(fastifyError.message ?? "Bad request");
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
    return renderError(reply, mapped ?? internalError());
  });

  app.setNotFoundHandler((request: FastifyRequest, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const allowed = routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
    if (allowed.length > 0) {
      reply.header("Allow", [...new Set(allowed)].join(", "));
      return renderError(reply, methodNotAllowed(request.method, path));
    }
    return renderError(reply, routeNotFound(path));
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
  renderError(reply, error.code === "FST_ERR_ASYNC_CONSTRAINT" ? internalError() : badUrl(path, problem));
}

/**
 * Malformed HTTP, headers too large, or a request that did not arrive within the request/headers
 * timeout (src/config/http-limits.ts): answered in Twilio's shape when the socket can still take it,
 * then closed.
 */
export function onClientError(error: Error & { code?: string }, socket: Duplex): void {
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
  endWithError(socket, mapped);
}

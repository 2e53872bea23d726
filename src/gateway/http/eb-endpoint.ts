/**
 * The worker SDK's HTTP side: `POST {ebServer}` (`/v1/wschannels` and any path under it, since
 * the SDK uses ebServer as given) with a JSON body `{url, method, params, token}`. The token is
 * verified on every call, before the rest of the body is interpreted (request-body.ts bounds its
 * size and depth); the answer is `200 {payload}` in the SDK's dialect, errors are 4xx/5xx
 * `{code, message, more_info, status}` (the SDK shows `message`). CORS is open: the SDK runs in
 * browsers and sends the custom headers apiVersion, clientVersion and If-Match.
 */
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { forbidden, gatewayRouteNotFound, internalError } from "../../domain/errors.ts";
import { sendError, toTaskRouterError } from "../../wire/errors.ts";
import { authenticateWorker, type GatewayDeps } from "../context.ts";
import { interpret, readEnvelope } from "./request-body.ts";
import { route } from "./routes.ts";

export const EB_PATH = "/v1/wschannels";

const ALLOWED_HEADERS = "apiVersion, clientVersion, If-Match, Content-Type";

function allowCors(reply: FastifyReply): void {
  reply.header("Access-Control-Allow-Origin", "*");
  reply.header("Access-Control-Allow-Methods", "POST, OPTIONS");
  reply.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
  reply.header("Access-Control-Max-Age", "600");
}

export function ebEndpoint(deps: GatewayDeps): FastifyPluginAsync {
  return async (scope) => {
    // The SDK labels its JSON body as a form: take every body as raw text and parse it ourselves.
    scope.removeAllContentTypeParsers();
    // The body limit applies while reading: a larger Content-Length is refused before any byte
    // is read, a longer chunked body as soon as it passes the limit (413).
    scope.addContentTypeParser(
      "*",
      { parseAs: "string", bodyLimit: deps.config.bodyLimitBytes },
      (_request, body, done) => done(null, body),
    );
    scope.addHook("onSend", async (_request, reply, payload) => {
      allowCors(reply);
      return payload;
    });
    scope.setErrorHandler((error, request, reply) => {
      const mapped = toTaskRouterError(error);
      if (mapped === null || mapped.status >= 500)
        console.error(`${request.method} ${request.url} failed:`, error);
      return sendError(reply, mapped ?? internalError());
    });

    const handle = async (request: { body: unknown; headers: Record<string, unknown> }) => {
      // The token first: nothing else of a stranger's body is interpreted (request-body.ts).
      const envelope = readEnvelope(request.body);
      const session = await authenticateWorker(deps, envelope.token);
      const eb = interpret(envelope.body);
      const [root, workspaceSid, ...segments] = eb.segments;
      if (root !== "Workspaces" || workspaceSid === undefined) {
        throw gatewayRouteNotFound(eb.method, eb.segments.join("/"));
      }
      if (workspaceSid !== session.grant.workspaceSid) {
        throw forbidden(`This token is for workspace ${session.grant.workspaceSid}, not ${workspaceSid}`);
      }
      const apiVersion = typeof request.headers.apiversion === "string" ? request.headers.apiversion : "v1";
      const payload = await route({
        deps,
        session,
        method: eb.method,
        segments,
        params: eb.params,
        apiVersion,
      });
      return { payload };
    };

    for (const path of [EB_PATH, `${EB_PATH}/*`]) {
      scope.options(path, async (_request, reply) => reply.code(204).send());
      scope.post(path, handle);
    }
  };
}

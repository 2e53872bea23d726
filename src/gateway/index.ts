/**
 * The worker gateway: what the official `twilio-taskrouter` SDK talks to (docs/worker-sdk.md).
 *   http/eb-endpoint.ts     POST /v1/wschannels  {url, method, params, token} -> {payload}
 *   socket/socket-server.ts ws   /v1/wschannels?token=…  init, heartbeats, pushed events
 *   http/token-endpoint.ts  POST /tasklane/v1/Workspaces/{WS}/Workers/{WK}/Token (Basic auth)
 *   presence.ts             the activity a worker moves to once its last socket is gone
 * Both gateway paths authenticate with the worker's access token, so the REST API's Basic auth is
 * skipped for them (gatewayAware below); the token endpoint keeps Basic auth.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Authenticator, Principal } from "../wire/request.ts";
import type { GatewayConfig } from "./config.ts";
import type { GatewayDeps } from "./context.ts";
import { EB_PATH, ebEndpoint } from "./http/eb-endpoint.ts";
import { tokenEndpoint } from "./http/token-endpoint.ts";
import { WorkerSockets } from "./socket/socket-server.ts";

export { type GatewayConfig, loadGatewayConfig } from "./config.ts";
export type { GatewayDeps } from "./context.ts";

export function isGatewayPath(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return path === EB_PATH || path === `${EB_PATH}/` || path.startsWith(`${EB_PATH}/`);
}

/**
 * Wraps the REST authenticator: requests to the gateway paths pass without Basic auth (their
 * handlers verify the access token in the body). The principal they get is never read.
 */
export function gatewayAware(inner: Authenticator, accountSid: string): Authenticator {
  const gateway: Principal = { accountSid, via: "key", keySid: null };
  return {
    authenticate: (request: FastifyRequest) =>
      isGatewayPath(request.url) ? Promise.resolve(gateway) : inner.authenticate(request),
  };
}

export interface MountedGateway {
  sockets: WorkerSockets;
  /** The live settings (tests may change them). */
  config: GatewayConfig;
}

/** The REST API's hook told after an API key was deleted (src/api/context.ts ApiDeps). */
export interface KeyRevocation {
  onKeyRevoked?: (keySid: string) => void;
}

/** Registers the gateway routes and the websocket server on `app` (before it listens). */
export async function mountGateway(
  app: FastifyInstance,
  deps: GatewayDeps,
  api: KeyRevocation,
): Promise<MountedGateway> {
  await app.register(ebEndpoint(deps));
  await app.register(tokenEndpoint(deps));
  const sockets = new WorkerSockets(deps, app.server);
  // Deleting an API key through the Keys resource closes the sockets its tokens opened, at once.
  const told = api.onKeyRevoked;
  api.onKeyRevoked = (keySid) => {
    told?.(keySid);
    sockets.keyRevoked(keySid);
  };
  app.addHook("preClose", async () => sockets.close());
  return { sockets, config: deps.config };
}

/**
 * The websocket handshake, before the 101. The SDK puts its token in the upgrade URL
 * (`?token=…&closeExistingSessions=…`), so a socket is authenticated while it is still a plain HTTP
 * request and a stranger never gets a websocket:
 *   - a refused token gets the HTTP status of the same refusal on POST /v1/wschannels (401, 403)
 *     with Twilio's JSON body `{code, message, more_info, status}`, and the connection is closed;
 *   - a worker already holding TASKLANE_WS_MAX_SOCKETS_PER_WORKER sockets gets 429 (20429), unless
 *     it asked for closeExistingSessions=true (those sockets are about to be replaced);
 *   - a handshake not decided within TASKLANE_WS_HANDSHAKE_TIMEOUT_MS (a store that does not
 *     answer) is dropped without an answer.
 * What the SDK shows for a refusal: `error` (GATEWAY_CONNECTION_FAILED), then `disconnected` with
 * "Websocket closed with errorCode=1006" (browsers hide the status of a refused upgrade); it retries
 * about every second, each retry as cheap to refuse as the first.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { internalError, TaskRouterError, tooManyRequests } from "../../domain/errors.ts";
import { endWithError } from "../../wire/errors.ts";
import { authenticateWorker, type GatewayDeps, type WorkerSession } from "../context.ts";

export interface Handshake {
  session: WorkerSession;
  query: URLSearchParams;
}

/**
 * Authenticates an upgrade request; resolves null when it was refused or timed out (the raw socket
 * is then answered and closed here). `openSockets` counts the worker's sockets at decision time.
 */
export async function authenticateUpgrade(
  deps: GatewayDeps,
  request: IncomingMessage,
  socket: Duplex,
  openSockets: (workspaceSid: string, workerSid: string) => number,
): Promise<Handshake | null> {
  // Until ws takes the socket over, nobody else listens for its errors (a reset peer).
  const onError = () => socket.destroy();
  socket.on("error", onError);
  const timer = setTimeout(() => socket.destroy(), deps.config.handshakeTimeoutMs);
  timer.unref();
  const query = new URL(request.url ?? "/", "http://gateway").searchParams;
  try {
    const session = await authenticateWorker(deps, query.get("token") ?? "");
    const { workspaceSid, workerSid } = session.grant;
    const replacing = query.get("closeExistingSessions")?.toLowerCase() === "true";
    const open = openSockets(workspaceSid, workerSid);
    if (!replacing && open >= deps.config.maxSocketsPerWorker) {
      throw tooManyRequests(
        `Worker ${workerSid} already has ${open} open websockets (TASKLANE_WS_MAX_SOCKETS_PER_WORKER=${deps.config.maxSocketsPerWorker}): close one or connect with closeExistingSessions=true`,
      );
    }
    if (socket.destroyed) return null;
    socket.off("error", onError);
    return { session, query };
  } catch (error) {
    const refused = error instanceof TaskRouterError ? error : null;
    if (refused === null) console.error("worker socket: authentication failed:", error);
    refuse(socket, refused ?? internalError());
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Answers the upgrade request with the error in Twilio's shape and closes the connection. */
function refuse(socket: Duplex, error: TaskRouterError): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.once("finish", () => socket.destroy());
  endWithError(socket, error);
}

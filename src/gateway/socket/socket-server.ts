/**
 * The worker SDK's websocket side, on the HTTP server's `upgrade` for `/v1/wschannels` (and paths
 * under it). Per socket:
 *   1. the token comes from the query string (`?token=…&closeExistingSessions=…&clientVersion=…
 *      [&setWorkerOfflineIfDisconnected=…]`) and is verified before the 101 (handshake.ts): a
 *      refused token, or a worker at its socket cap, gets an HTTP error and no websocket;
 *   2. `closeExistingSessions=true` closes the worker's other sockets (code 4409);
 *   3. the first frame is `init` {channel_id: WK, account_sid, workspace_sid, token_lifetime (ms)};
 *   4. then every event concerning the worker, in commit order (push.ts), and a heartbeat (a text
 *      frame holding one space) every TASKLANE_WS_HEARTBEAT_MS; a socket whose token has expired
 *      is closed (4401) at the next heartbeat; a peer that stops answering pings (every 2 heartbeats,
 *      at least 10 s) is terminated, so presence also sees connections that died silently;
 *   5. revoking the API key that signed the token closes the socket (4401): at once when the key is
 *      deleted through this server's API (keyRevoked), else at the next heartbeat (recheckKeys).
 * The client never sends anything; inbound frames are ignored and bounded (MAX_INBOUND_FRAME_BYTES).
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { StoredEvent } from "../../store/port.ts";
import { sdkContext } from "../../wire/serializers/dialect.ts";
import type { GatewayDeps } from "../context.ts";
import { EB_PATH } from "../http/eb-endpoint.ts";
import { Presence } from "../presence.ts";
import { type Connection, Connections } from "./connections.ts";
import { authenticateUpgrade, type Handshake } from "./handshake.ts";
import { framesFor } from "./push.ts";

/** Shortest interval between liveness pings. */
const LIVENESS_MIN_MS = 10_000;
/**
 * Largest inbound data frame. The SDK sends none (only pongs, control frames of at most 125
 * bytes by the protocol, answering our empty pings); a larger frame closes the socket with 1009.
 */
export const MAX_INBOUND_FRAME_BYTES = 1024;

export const CLOSE = { refused: 4401, replaced: 4409, workerGone: 4410, shutdown: 1001 };

export class WorkerSockets {
  readonly connections = new Connections();
  private readonly presence: Presence;
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_INBOUND_FRAME_BYTES,
    perMessageDeflate: false,
  });
  /** True while the keys of open sockets are being looked up (one lookup round at a time). */
  private checkingKeys = false;
  private shutDown = false;
  private readonly feeds = new Map<string, () => void>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly liveness: NodeJS.Timeout;
  /** Sockets that answered the last ping (dead TCP peers never close on their own). */
  private readonly alive = new WeakSet<WebSocket>();

  constructor(
    private readonly deps: GatewayDeps,
    server: Server,
  ) {
    this.presence = new Presence(deps, (ws, wk) => this.connections.ofWorker(ws, wk).length > 0);
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? "").split("?")[0] ?? "";
      if (path !== EB_PATH && !path.startsWith(`${EB_PATH}/`)) {
        // Nobody else serves websockets on this server: do not leave the client hanging.
        if (server.listenerCount("upgrade") === 1) socket.destroy();
        return;
      }
      void this.upgrade(request, socket, head);
    });
    this.heartbeat = setInterval(() => this.beat(), deps.config.heartbeatMs);
    this.heartbeat.unref();
    this.liveness = setInterval(() => this.probe(), Math.max(2 * deps.config.heartbeatMs, LIVENESS_MIN_MS));
    this.liveness.unref();
  }

  /** Closes every socket and stops the timers (server shutdown). */
  /** Worker websockets open now (for /metrics). */
  get openCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    this.shutDown = true;
    clearInterval(this.heartbeat);
    clearInterval(this.liveness);
    this.presence.stop();
    for (const unsubscribe of this.feeds.values()) unsubscribe();
    this.feeds.clear();
    for (const conn of this.connections.all()) {
      this.connections.remove(conn);
      conn.socket.close(CLOSE.shutdown, "Server shutting down");
      conn.socket.terminate();
    }
    this.wss.close();
  }

  /** Closes, at once, every socket whose token the API key `keySid` signed (the key was revoked). */
  keyRevoked(keySid: string): void {
    for (const conn of this.connections.all()) {
      if (conn.grant.keySid === keySid) {
        this.drop(conn, CLOSE.refused, `Access Token revoked: API key ${keySid} was deleted`);
      }
    }
  }

  /** Authenticates before the 101 (handshake.ts); only a verified token gets a websocket. */
  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const handshake = await authenticateUpgrade(
      this.deps,
      request,
      socket,
      (ws, wk) => this.connections.ofWorker(ws, wk).length,
    );
    if (handshake === null) return;
    // Synchronous from the count above to the connection being registered, so concurrent
    // handshakes of one worker cannot both take the last place.
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, handshake));
  }

  private accept(socket: WebSocket, { session, query }: Handshake): void {
    const { grant } = session;
    const flag = query.get("setWorkerOfflineIfDisconnected");
    const conn: Connection = {
      socket,
      grant,
      offlineIfDisconnected: flag === null ? undefined : flag.toLowerCase() === "true",
    };
    if (query.get("closeExistingSessions")?.toLowerCase() === "true") {
      for (const other of this.connections.ofWorker(grant.workspaceSid, grant.workerSid)) {
        this.drop(
          other,
          CLOSE.replaced,
          "Closed: the worker opened a new session with closeExistingSessions",
        );
      }
    }
    this.connections.add(conn);
    this.presence.connected(grant.workspaceSid, grant.workerSid);
    this.follow(grant.workspaceSid);
    socket.on("close", () => this.closed(conn));
    this.alive.add(socket);
    socket.on("pong", () => this.alive.add(socket));
    socket.on("error", () => socket.terminate());
    send(conn, "init", {
      channel_id: grant.workerSid,
      account_sid: grant.accountSid,
      workspace_sid: grant.workspaceSid,
      token_lifetime: Math.max(0, grant.expiresAt - this.deps.clock.now()),
    });
  }

  private closed(conn: Connection): void {
    if (!this.connections.remove(conn)) return;
    const { workspaceSid, workerSid } = conn.grant;
    if (this.connections.ofWorker(workspaceSid, workerSid).length === 0) {
      this.presence.disconnected(workspaceSid, workerSid, conn.offlineIfDisconnected);
    }
    if (this.connections.inWorkspace(workspaceSid) === 0) {
      this.feeds.get(workspaceSid)?.();
      this.feeds.delete(workspaceSid);
    }
  }

  /** Closes a socket on the server's initiative; presence still applies once it is gone. */
  private drop(conn: Connection, code: number, reason: string): void {
    closeWith(conn.socket, code, reason);
  }

  /** Listens to a workspace's committed events while it has sockets. */
  private follow(workspaceSid: string): void {
    if (this.feeds.has(workspaceSid)) return;
    const unsubscribe = this.deps.runtime.feed.subscribe(workspaceSid, (events) => {
      try {
        this.push(workspaceSid, events);
      } catch (error) {
        console.error("worker socket: could not push events:", error);
      }
    });
    this.feeds.set(workspaceSid, unsubscribe);
  }

  private push(workspaceSid: string, events: readonly StoredEvent[]): void {
    const host = this.deps.runtime.workspace(workspaceSid);
    if (host === undefined) return;
    const ctx = sdkContext(host.view, this.deps.clock.now());
    for (const event of events) {
      if (event.eventType === "worker.deleted") {
        for (const conn of this.connections.ofWorker(workspaceSid, event.resourceSid)) {
          this.drop(conn, CLOSE.workerGone, `Worker ${event.resourceSid} was deleted`);
        }
        continue;
      }
      for (const frame of framesFor(ctx, event)) {
        for (const conn of this.connections.ofWorker(workspaceSid, frame.workerSid)) {
          send(conn, frame.eventType, frame.payload);
        }
      }
    }
  }

  /** Terminates sockets that did not answer the previous ping; the close then runs presence. */
  private probe(): void {
    for (const { socket } of this.connections.all()) {
      if (!this.alive.has(socket)) {
        socket.terminate();
        continue;
      }
      this.alive.delete(socket);
      socket.ping();
    }
  }

  /**
   * Revocations this process did not see (`tasklane keys revoke` runs in its own process, another
   * node may share the database): at each heartbeat, the keys of the open sockets are looked up.
   */
  private async recheckKeys(): Promise<void> {
    if (this.checkingKeys) return;
    this.checkingKeys = true;
    try {
      const keySids = new Set(this.connections.all().map((conn) => conn.grant.keySid));
      for (const keySid of keySids) {
        const key = await this.deps.store.getApiKey(keySid);
        if (key === null || key.accountSid !== this.deps.runtime.accountSid) this.keyRevoked(keySid);
      }
    } catch (error) {
      // During shutdown the store may close under the lookup: nothing to report then.
      if (!this.shutDown)
        console.error("worker socket: could not check the API keys of open sockets:", error);
    } finally {
      this.checkingKeys = false;
    }
  }

  private beat(): void {
    void this.recheckKeys();
    const now = this.deps.clock.now();
    for (const conn of this.connections.all()) {
      if (conn.grant.expiresAt <= now) {
        this.drop(conn, CLOSE.refused, "Access Token expired: call updateToken with a new token");
      } else if (conn.socket.readyState === conn.socket.OPEN) {
        conn.socket.send(" ");
      }
    }
  }
}

function send(conn: Connection, eventType: string, payload: unknown): void {
  if (conn.socket.readyState !== conn.socket.OPEN) return;
  conn.socket.send(JSON.stringify({ event_type: eventType, payload }));
}

/** A close reason is limited to 123 bytes of UTF-8. */
function closeWith(socket: WebSocket, code: number, reason: string): void {
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  socket.close(code, text);
}

/**
 * The worker SDK's websocket through any node: an upgrade on /v1/wschannels whose token names a
 * workspace another node owns is relayed to that node byte for byte (one TCP connection to the owner
 * per socket; the owner verifies the token and speaks the protocol). Other upgrades go to the
 * listeners that were there before (the gateway's own). When the owner hands the workspace over or
 * dies, its end closes, this end closes too, and the SDK reconnects, through any node, to the new
 * owner.
 */
import { request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { isGatewayPath } from "../gateway/index.ts";
import type { ClusterAgent } from "./agent.ts";
import { NOT_OWNER, workspaceOfToken } from "./forwarder.ts";
import { FORWARDED_BY } from "./trust.ts";

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export class SocketProxy {
  /** Sockets relayed to another node now. */
  open = 0;

  constructor(
    private readonly agent: ClusterAgent,
    private readonly waitMs: number,
  ) {}

  /** Puts the proxy in front of the server's upgrade listeners (call after the gateway is mounted). */
  install(server: Server): void {
    const inner = server.listeners("upgrade") as UpgradeListener[];
    server.removeAllListeners("upgrade");
    const passOn: UpgradeListener = (request, socket, head) => {
      for (const listener of inner) listener.call(server, request, socket, head);
    };
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = request.url ?? "";
      const sid = isGatewayPath(url)
        ? workspaceOfToken(new URL(url, "http://x").searchParams.get("token"))
        : null;
      if (sid !== null && request.headers[FORWARDED_BY] !== undefined && !this.agent.hosts(sid)) {
        // Relayed here but the workspace is not (or no longer) here: the relaying node looks again.
        socket.end(
          `HTTP/1.1 421 Misdirected Request\r\n${NOT_OWNER}: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
        return;
      }
      if (sid === null || request.headers[FORWARDED_BY] !== undefined) {
        passOn(request, socket, head);
        return;
      }
      void this.relay(sid, request, socket, head, passOn);
    });
  }

  private async relay(
    sid: string,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    passOn: UpgradeListener,
  ): Promise<void> {
    socket.on("error", () => socket.destroy());
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const route = await this.agent.route(sid, deadline);
      if (route.kind === "local") {
        // A socket is not a request in flight: it does not hold a hand-over back.
        this.agent.exit(sid);
        passOn(request, socket, head);
        return;
      }
      if (route.kind === "unavailable") {
        socket.end(
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
      }
      if (await this.connect(route.address, request, socket, head)) return;
      this.agent.forget(sid);
      if (Date.now() >= deadline) {
        socket.end(
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** True when the owner answered (101 relayed, or its refusal passed on); false to look again. */
  private connect(address: string, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
    const me = this.agent.nodeId ?? 0;
    return new Promise((resolve) => {
      const upstream = httpRequest(new URL(request.url ?? "/", address), {
        method: "GET",
        headers: { ...request.headers, host: new URL(address).host, [FORWARDED_BY]: String(me) },
      });
      upstream.on("upgrade", (response, upSocket, upHead) => {
        const lines = [`HTTP/1.1 101 ${response.statusMessage ?? "Switching Protocols"}`];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
        }
        socket.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (upHead.length > 0) socket.write(upHead);
        if (head.length > 0) upSocket.write(head);
        this.open += 1;
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          this.open -= 1;
          socket.destroy();
          upSocket.destroy();
        };
        upSocket.on("error", close).on("close", close);
        socket.on("error", close).on("close", close);
        upSocket.pipe(socket);
        socket.pipe(upSocket);
        resolve(true);
      });
      upstream.on("response", (response) => {
        if (response.headers[NOT_OWNER] !== undefined) {
          response.resume();
          resolve(false);
          return;
        }
        // The owner refused the handshake (a bad token, a worker at its socket cap): pass it on.
        const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage ?? ""}`];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          const name = response.rawHeaders[i] ?? "";
          if (name.toLowerCase() !== "connection") lines.push(`${name}: ${response.rawHeaders[i + 1]}`);
        }
        lines.push("Connection: close");
        socket.write(`${lines.join("\r\n")}\r\n\r\n`);
        response.pipe(socket);
        resolve(true);
      });
      upstream.on("error", () => resolve(false));
      upstream.end();
    });
  }
}

/**
 * Any node answers any request: a request for a workspace another node owns is forwarded to that
 * node over a keep-alive pool (undici, one Pool per owner), after this node checked the caller's
 * credentials (./trust.ts signs the principal for the owner). The workspace comes from the path
 * (`/Workspaces/WS…`), or for the worker SDK's HTTP endpoint from the access token in its body.
 *
 *   local      -> served here; counted while in flight so a hand-over waits for it
 *   remote     -> forwarded with the body buffered (bounded), so it can be sent again when the owner
 *                 refused the connection or answered "not mine" (it moved): nothing ran there
 *   no owner   -> the request waits (its node died, a live node claims it within a round or two)
 *                 up to forwardWaitMs, then 503 / 20503 with Retry-After
 *   owner lost mid-request -> a write answers 503 saying it may or may not have been applied (the
 *                 same rule as a single node dying); a GET is retried
 * A forwarded request is never forwarded again: a node that got one for a workspace it does not own
 * answers 421 with X-Tasklane-Not-Owner, and the first node looks the owner up again.
 * Event streams (server-sent events) go through the same path, streamed both ways.
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Pool } from "undici";
import { forwardedBodyTooLarge, noOwnerAnswers, ownerFailedMidRequest } from "../domain/errors.ts";
import { isGatewayPath } from "../gateway/index.ts";
import type { ClusterAgent, Route } from "./agent.ts";
import { forwardHeaders, isForwarded } from "./trust.ts";

export const NOT_OWNER = "x-tasklane-not-owner";
const WORKSPACE_IN_PATH = /\/Workspaces\/(WS[0-9a-fA-F]{32})(?:\/|$)/;
const MAX_FORWARDED_BODY = 8 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);
/** Network errors after which nothing reached the owner, so a write may be sent again. */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "UND_ERR_CLOSED",
]);

export interface ForwarderOptions {
  agent: ClusterAgent;
  /** Signs forwarded principals (the account's auth token). */
  secret: string;
  forwardWaitMs: number;
}

/** The workspace a request concerns, from its path; null for account-level routes. */
export function workspaceOfPath(path: string): string | null {
  return WORKSPACE_IN_PATH.exec(path)?.[1] ?? null;
}

/** The workspace named by a worker access token (its grant), without verifying it: the owner does. */
export function workspaceOfToken(token: string | null | undefined): string | null {
  const payload = token?.split(".")[1];
  if (payload === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const sid = (claims as { grants?: { task_router?: { workspace_sid?: unknown } } }).grants?.task_router
      ?.workspace_sid;
    return typeof sid === "string" && /^WS[0-9a-fA-F]{32}$/.test(sid) ? sid : null;
  } catch {
    return null;
  }
}

export class Forwarder {
  private readonly pools = new Map<string, Pool>();
  private readonly streams = new Map<string, Set<FastifyReply>>();
  /** Requests sent to another node, and the time they took (for the metrics and docs/cluster.md). */
  readonly stats = { forwarded: 0, retried: 0, failed: 0 };

  constructor(private readonly options: ForwarderOptions) {}

  /** Installs the routing hook (before the body is parsed, after Basic auth ran in onRequest). */
  install(app: FastifyInstance): void {
    app.addHook("preParsing", async (request, reply, payload) => {
      const path = request.url.split("?")[0] ?? "";
      let sid = workspaceOfPath(path);
      let body: Buffer | null = null;
      if (sid === null && request.method === "POST" && isGatewayPath(path)) {
        body = await readBody(payload);
        sid = workspaceOfGatewayBody(body);
      }
      if (sid === null) return body === null ? payload : replay(body);
      const forwarded = isForwarded(request);
      const deadline =
        Date.now() + (forwarded ? Math.min(2000, this.options.forwardWaitMs) : this.options.forwardWaitMs);
      for (;;) {
        const route = await this.options.agent.route(sid, deadline);
        if (route.kind === "local") {
          this.track(sid, path, reply);
          return body === null ? payload : replay(body);
        }
        if (forwarded) {
          // Never forwarded twice: the first node looks the owner up again.
          reply.code(421).header(NOT_OWNER, "1").type("application/json").send({ status: 421 });
          return payload;
        }
        if (route.kind === "unavailable") {
          reply.header("Retry-After", "1");
          throw noOwnerAnswers(route.reason);
        }
        body ??= await readBody(payload);
        if (await this.send(route, request, reply, body, sid)) return payload;
        this.stats.retried += 1;
        this.options.agent.forget(sid);
        if (Date.now() >= deadline) {
          reply.header("Retry-After", "1");
          throw noOwnerAnswers(`the node owning workspace ${sid} does not answer`);
        }
        await sleep(100);
      }
    });
  }

  /** Ends the event streams of a workspace that leaves this node (clients resume on another). */
  closeStreams(sid: string): void {
    for (const reply of this.streams.get(sid) ?? []) reply.raw.end();
    this.streams.delete(sid);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close().catch(() => {})));
    this.pools.clear();
  }

  private track(sid: string, path: string, reply: FastifyReply): void {
    const agent = this.options.agent;
    if (path.endsWith("/EventStream")) {
      // A stream lasts: it does not hold a hand-over back, it is ended by it.
      agent.exit(sid);
      let set = this.streams.get(sid);
      if (set === undefined) {
        set = new Set();
        this.streams.set(sid, set);
      }
      const streams = set;
      streams.add(reply);
      reply.raw.once("close", () => streams.delete(reply));
      return;
    }
    reply.raw.once("close", () => agent.exit(sid));
  }

  /** True when answered (with the owner's answer or an error); false to look the owner up again. */
  private async send(
    route: Extract<Route, { kind: "remote" }>,
    request: FastifyRequest,
    reply: FastifyReply,
    body: Buffer,
    sid: string,
  ): Promise<boolean> {
    const agent = this.options.agent;
    const me = agent.nodeId ?? 0;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (HOP_BY_HOP.has(name) || value === undefined || name.startsWith("x-tasklane-")) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    Object.assign(
      headers,
      forwardHeaders(this.options.secret, me, request.method, request.url, request.principal),
    );
    if (body.length > 0 || headers["content-length"] !== undefined)
      headers["content-length"] = String(body.length);
    const abort = new AbortController();
    const onClose = () => abort.abort();
    reply.raw.once("close", onClose);
    let response: Awaited<ReturnType<Pool["request"]>>;
    try {
      response = await this.pool(route.address).request({
        path: request.url,
        method: request.method as "GET",
        headers,
        body: body.length > 0 ? body : null,
        signal: abort.signal,
      });
    } catch (error) {
      reply.raw.off("close", onClose);
      const code = errorCode(error);
      if (abort.signal.aborted) return true;
      if (
        (code !== undefined && NOT_SENT.has(code)) ||
        request.method === "GET" ||
        request.method === "HEAD"
      ) {
        return false;
      }
      this.stats.failed += 1;
      throw ownerFailedMidRequest(sid);
    }
    if (response.headers[NOT_OWNER] !== undefined) {
      reply.raw.off("close", onClose);
      await response.body.dump().catch(() => {});
      return false;
    }
    this.stats.forwarded += 1;
    // Taken out of Fastify's hands: a streamed answer must not let the route's handler run after
    // this hook (a reply is only "sent" once its stream ended). The owner's headers pass as they are.
    reply.hijack();
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
    }
    reply.raw.writeHead(response.statusCode, out);
    reply.raw.once("close", () => response.body.destroy());
    response.body.on("error", () => reply.raw.destroy());
    response.body.pipe(reply.raw);
    return true;
  }

  /** Every item of a list another node serves (following next_page_url); [] when it fails. */
  async listAll<T>(
    address: string,
    path: string,
    key: string,
    principal: FastifyRequest["principal"],
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = path;
    try {
      while (next !== null) {
        const headers = forwardHeaders(
          this.options.secret,
          this.options.agent.nodeId ?? 0,
          "GET",
          next,
          principal,
        );
        const response = await this.pool(address).request({ path: next, method: "GET", headers });
        const page = (await response.body.json()) as Record<string, unknown>;
        if (response.statusCode !== 200) break;
        const list = page[key];
        if (Array.isArray(list)) items.push(...(list as T[]));
        const url = (page.meta as { next_page_url?: unknown } | undefined)?.next_page_url;
        next = typeof url === "string" && url !== "" ? new URL(url).pathname + new URL(url).search : null;
      }
    } catch {
      // Left out of this list: see workspace-list.ts.
    }
    return items;
  }

  private pool(address: string): Pool {
    let pool = this.pools.get(address);
    if (pool === undefined) {
      // Idle sockets close before the owner's keep-alive timeout (10 s by default) would close them.
      pool = new Pool(address, {
        connections: 64,
        keepAliveTimeout: 4000,
        headersTimeout: 60_000,
        bodyTimeout: 0,
      });
      this.pools.set(address, pool);
    }
    return pool;
  }
}

function workspaceOfGatewayBody(body: Buffer): string | null {
  try {
    const envelope: unknown = JSON.parse(body.toString("utf8"));
    const token = (envelope as { token?: unknown }).token;
    return typeof token === "string" ? workspaceOfToken(token) : null;
  } catch {
    return null;
  }
}

/** undici's error code (UND_ERR_SOCKET, ECONNREFUSED, ...), undefined for anything else. */
function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

async function readBody(payload: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_FORWARDED_BODY) throw forwardedBodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The body read for routing, as the stream Fastify parses (with the length it checks). */
function replay(body: Buffer): Readable {
  const stream = Readable.from([body]);
  Object.assign(stream, { receivedEncodedLength: body.length });
  return stream;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Limits on what one HTTP client can hold: how long it may take to send its headers and its whole
 * request, how long an idle keep-alive connection stays open, and how many connections the server
 * accepts at once (each is a file descriptor; past the cap new connections are closed at once, so the
 * process keeps descriptors for its database and outgoing callbacks). docs/security.md lists them.
 *
 * The timeouts bound receiving a request, not answering it: a long-lived answer (the event stream, a
 * worker websocket after its upgrade) is not cut by them.
 */
import { ConfigError } from "./config-error.ts";

type Env = Record<string, string | undefined>;

export interface HttpLimits {
  /** The whole request (headers and body) must arrive within this time (Node's requestTimeout). */
  requestTimeoutMs: number;
  /** The request headers must arrive within this time (Node's headersTimeout; also idle new sockets). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** Connections open at once (HTTP, event streams and websockets together). */
  maxConnections: number;
  /** Event streams (server-sent events) open at once on one workspace. */
  maxEventStreamsPerWorkspace: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxEventStreamsPerWorkspace: 200,
};

export function loadHttpLimits(env: Env): HttpLimits {
  const limits: HttpLimits = {
    requestTimeoutMs: whole(env, "TASKLANE_REQUEST_TIMEOUT_MS", DEFAULT_HTTP_LIMITS.requestTimeoutMs, 100),
    headersTimeoutMs: whole(env, "TASKLANE_HEADERS_TIMEOUT_MS", DEFAULT_HTTP_LIMITS.headersTimeoutMs, 100),
    keepAliveTimeoutMs: whole(
      env,
      "TASKLANE_KEEP_ALIVE_TIMEOUT_MS",
      DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs,
      100,
    ),
    maxConnections: whole(env, "TASKLANE_MAX_CONNECTIONS", DEFAULT_HTTP_LIMITS.maxConnections, 1),
    maxEventStreamsPerWorkspace: whole(
      env,
      "TASKLANE_MAX_EVENT_STREAMS_PER_WORKSPACE",
      DEFAULT_HTTP_LIMITS.maxEventStreamsPerWorkspace,
      1,
    ),
  };
  // Node refuses a headers timeout longer than the request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(
      "TASKLANE_HEADERS_TIMEOUT_MS",
      `must not exceed TASKLANE_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}), got ${limits.headersTimeoutMs}`,
    );
  }
  return limits;
}

function whole(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > 24 * 3600 * 1000) {
    throw new ConfigError(name, `expected ${min}..${24 * 3600 * 1000}, got ${value}`);
  }
  return value;
}

/**
 * Settings of the worker gateway, read from the environment (documented in docs/worker-sdk.md):
 *   TASKLANE_WS_HEARTBEAT_MS            heartbeat frame interval (default 15000; the SDK gives up after 30 s)
 *   TASKLANE_DISCONNECT_GRACE_SECONDS   how long a worker may stay without a connection before its
 *                                       disconnect activity applies (default 30; decimals allowed)
 *   TASKLANE_DISCONNECT_ACTIVITY_SID    activity a worker moves to once that grace period is over,
 *                                       in the workspace that has this activity (default: none)
 *   TASKLANE_GATEWAY_BODY_LIMIT_BYTES   largest body POST /v1/wschannels reads (default 65536; the
 *                                       SDK's biggest, an update with 4 KiB of attributes, is ~6 KiB)
 *   TASKLANE_WS_MAX_SOCKETS_PER_WORKER  open websockets one worker may hold (default 10)
 *   TASKLANE_WS_HANDSHAKE_TIMEOUT_MS    how long a websocket upgrade may take to be authenticated
 *                                       before the connection is dropped (default 10000)
 */

import type { Env } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { MAX_DISCONNECT_GRACE_SECONDS } from "../domain/limits.ts";

export interface GatewayConfig {
  heartbeatMs: number;
  disconnectGraceMs: number;
  disconnectActivitySid: string | null;
  bodyLimitBytes: number;
  maxSocketsPerWorker: number;
  handshakeTimeoutMs: number;
}

export const DEFAULT_GATEWAY_CONFIG: GatewayConfig = {
  heartbeatMs: 15_000,
  disconnectGraceMs: 30_000,
  disconnectActivitySid: null,
  bodyLimitBytes: 65_536,
  maxSocketsPerWorker: 10,
  handshakeTimeoutMs: 10_000,
};

export function loadGatewayConfig(env: Env): GatewayConfig {
  const config = { ...DEFAULT_GATEWAY_CONFIG };
  const heartbeat = env.TASKLANE_WS_HEARTBEAT_MS?.trim();
  if (heartbeat) {
    if (!/^\d+$/.test(heartbeat) || Number(heartbeat) < 10 || Number(heartbeat) > 15_000) {
      throw new ConfigError(
        "TASKLANE_WS_HEARTBEAT_MS",
        `expected a whole number 10..15000, got "${heartbeat}"`,
      );
    }
    config.heartbeatMs = Number(heartbeat);
  }
  const grace = env.TASKLANE_DISCONNECT_GRACE_SECONDS?.trim();
  if (grace) {
    if (!/^\d+(\.\d+)?$/.test(grace) || Number(grace) > MAX_DISCONNECT_GRACE_SECONDS) {
      throw new ConfigError(
        "TASKLANE_DISCONNECT_GRACE_SECONDS",
        `expected seconds 0..${MAX_DISCONNECT_GRACE_SECONDS}, got "${grace}"`,
      );
    }
    config.disconnectGraceMs = Math.round(Number(grace) * 1000);
  }
  const activity = env.TASKLANE_DISCONNECT_ACTIVITY_SID?.trim();
  if (activity) {
    if (!/^WA[0-9a-fA-F]{32}$/.test(activity)) {
      throw new ConfigError(
        "TASKLANE_DISCONNECT_ACTIVITY_SID",
        `expected an activity SID (WA…), got "${activity}"`,
      );
    }
    config.disconnectActivitySid = activity;
  }
  config.bodyLimitBytes = wholeNumber(
    env,
    "TASKLANE_GATEWAY_BODY_LIMIT_BYTES",
    1024,
    1_048_576,
    config.bodyLimitBytes,
  );
  config.maxSocketsPerWorker = wholeNumber(
    env,
    "TASKLANE_WS_MAX_SOCKETS_PER_WORKER",
    1,
    1000,
    config.maxSocketsPerWorker,
  );
  config.handshakeTimeoutMs = wholeNumber(
    env,
    "TASKLANE_WS_HANDSHAKE_TIMEOUT_MS",
    100,
    60_000,
    config.handshakeTimeoutMs,
  );
  return config;
}

function wholeNumber(env: Env, name: string, min: number, max: number, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(name, `expected a whole number ${min}..${max}, got "${text}"`);
  }
  return Number(text);
}

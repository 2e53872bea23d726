/**
 * Settings of the worker gateway, read from the environment (documented in docs/worker-sdk.md):
 *   TASKLANE_WS_HEARTBEAT_MS            heartbeat frame interval (default 15000; the SDK gives up after 30 s)
 *   TASKLANE_DISCONNECT_GRACE_SECONDS   how long a worker may stay without a connection before its
 *                                       disconnect activity applies (default 30; decimals allowed)
 *   TASKLANE_DISCONNECT_ACTIVITY_SID    activity a worker moves to once that grace period is over,
 *                                       in the workspace that has this activity (default: none)
 */

import type { Env } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";

export interface GatewayConfig {
  heartbeatMs: number;
  disconnectGraceMs: number;
  disconnectActivitySid: string | null;
}

export const DEFAULT_GATEWAY_CONFIG: GatewayConfig = {
  heartbeatMs: 15_000,
  disconnectGraceMs: 30_000,
  disconnectActivitySid: null,
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
    if (!/^\d+(\.\d+)?$/.test(grace) || Number(grace) > 86_400) {
      throw new ConfigError("TASKLANE_DISCONNECT_GRACE_SECONDS", `expected seconds 0..86400, got "${grace}"`);
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
  return config;
}

/**
 * Settings of event and assignment callback delivery and of the event log's retention, read from
 * the environment (documented in docs/webhooks.md and docs/events.md).
 */

import type { Env } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { ALLOW_ALL, loadTargetPolicy, type TargetPolicy } from "./delivery/target-policy.ts";

export interface EventsConfig {
  /** TaskRouter answers assignment callbacks within 5 s. */
  assignmentTimeoutMs: number;
  /** TaskRouter gives event callbacks 15 s. */
  eventCallbackTimeoutMs: number;
  /** First retry delay of a failed event callback; doubles per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  retentionDays: number;
  /** How often old events are pruned. */
  pruneIntervalMs: number;
  /**
   * A task whose assignment callbacks failed (both URLs) is held back from routing for this long,
   * doubling per consecutive failure of the task or of its URL, up to assignmentRetryMaxMs.
   * 0 turns the hold off (each failure routes the task again at once).
   */
  assignmentRetryBaseMs: number;
  assignmentRetryMaxMs: number;
  /** An event callback still failing this long after its event is dropped (with an event). */
  eventCallbackMaxAgeMs: number;
  /** Longest answer read from a receiver; the connection is cut past it. */
  maxResponseBytes: number;
  /** Pooled keep-alive connections per receiver origin. */
  maxSocketsPerOrigin: number;
  /** Which hosts and addresses callbacks may reach (TASKLANE_CALLBACK_TARGETS/_ALLOW/_DENY). */
  targets: TargetPolicy;
}

export const DEFAULT_EVENTS_CONFIG: EventsConfig = {
  assignmentTimeoutMs: 5_000,
  eventCallbackTimeoutMs: 15_000,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  retentionDays: 30,
  pruneIntervalMs: 3_600_000,
  assignmentRetryBaseMs: 5_000,
  assignmentRetryMaxMs: 5 * 60_000,
  eventCallbackMaxAgeMs: 3_600_000,
  maxResponseBytes: 64 * 1024,
  maxSocketsPerOrigin: 256,
  targets: ALLOW_ALL,
};

type NumericSetting = Exclude<keyof EventsConfig, "targets">;

const VARIABLES: Array<[NumericSetting, string, number, number]> = [
  ["assignmentTimeoutMs", "TASKLANE_ASSIGNMENT_CALLBACK_TIMEOUT_MS", 1, 600_000],
  ["eventCallbackTimeoutMs", "TASKLANE_EVENT_CALLBACK_TIMEOUT_MS", 1, 600_000],
  ["retryBaseMs", "TASKLANE_EVENT_CALLBACK_RETRY_BASE_MS", 1, 3_600_000],
  ["retryMaxMs", "TASKLANE_EVENT_CALLBACK_RETRY_MAX_MS", 1, 86_400_000],
  ["retentionDays", "TASKLANE_EVENT_RETENTION_DAYS", 1, 3650],
  ["pruneIntervalMs", "TASKLANE_EVENT_PRUNE_INTERVAL_MS", 1_000, 86_400_000],
  ["assignmentRetryBaseMs", "TASKLANE_ASSIGNMENT_CALLBACK_RETRY_BASE_MS", 0, 3_600_000],
  ["assignmentRetryMaxMs", "TASKLANE_ASSIGNMENT_CALLBACK_RETRY_MAX_MS", 1, 86_400_000],
  ["eventCallbackMaxAgeMs", "TASKLANE_EVENT_CALLBACK_MAX_AGE_MS", 1_000, 30 * 86_400_000],
  ["maxResponseBytes", "TASKLANE_CALLBACK_MAX_RESPONSE_BYTES", 1_024, 16 * 1024 * 1024],
  ["maxSocketsPerOrigin", "TASKLANE_CALLBACK_MAX_SOCKETS_PER_ORIGIN", 1, 1_024],
];

export function loadEventsConfig(env: Env): EventsConfig {
  const config = { ...DEFAULT_EVENTS_CONFIG, targets: loadTargetPolicy(env) };
  for (const [key, name, min, max] of VARIABLES) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") continue;
    if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
    config[key] = value;
  }
  return config;
}

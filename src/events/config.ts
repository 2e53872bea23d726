/**
 * Settings of event and assignment callback delivery and of the event log's retention, read from
 * the environment (documented in docs/webhooks.md and docs/events.md).
 */

import type { Env } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";

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
}

export const DEFAULT_EVENTS_CONFIG: EventsConfig = {
  assignmentTimeoutMs: 5_000,
  eventCallbackTimeoutMs: 15_000,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  retentionDays: 30,
  pruneIntervalMs: 3_600_000,
};

const VARIABLES: Array<[keyof EventsConfig, string, number, number]> = [
  ["assignmentTimeoutMs", "TASKLANE_ASSIGNMENT_CALLBACK_TIMEOUT_MS", 1, 600_000],
  ["eventCallbackTimeoutMs", "TASKLANE_EVENT_CALLBACK_TIMEOUT_MS", 1, 600_000],
  ["retryBaseMs", "TASKLANE_EVENT_CALLBACK_RETRY_BASE_MS", 1, 3_600_000],
  ["retryMaxMs", "TASKLANE_EVENT_CALLBACK_RETRY_MAX_MS", 1, 86_400_000],
  ["retentionDays", "TASKLANE_EVENT_RETENTION_DAYS", 1, 3650],
  ["pruneIntervalMs", "TASKLANE_EVENT_PRUNE_INTERVAL_MS", 1_000, 86_400_000],
];

export function loadEventsConfig(env: Env): EventsConfig {
  const config = { ...DEFAULT_EVENTS_CONFIG };
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

/** TASKLANE_LOG: the log level (src/logging/logger.ts); `1` means debug, `0` warn, unset info. */
import { ConfigError } from "./config-error.ts";

export const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function logLevelOf(env: Record<string, string | undefined>): LogLevel {
  const raw = env.TASKLANE_LOG?.trim().toLowerCase() ?? "";
  if (raw === "") return "info";
  if (raw === "1") return "debug";
  if (raw === "0") return "warn";
  const level = LOG_LEVELS.find((l) => l === raw);
  if (level === undefined) {
    throw new ConfigError("TASKLANE_LOG", `expected one of ${LOG_LEVELS.join(", ")} (or 1, 0), got "${raw}"`);
  }
  return level;
}

/**
 * Startup configuration, read once from the environment. Every invalid value is a ConfigError that
 * names the variable, so a bad deployment fails before it accepts a single request.
 * The table of variables lives in docs/configuration.md (keep both in sync).
 */
import { isIP } from "node:net";
import { type ClusterSettings, loadClusterSettings } from "./cluster-settings.ts";
import { ConfigError } from "./config-error.ts";
import { type DatabaseTarget, DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url.ts";
import { type HttpLimits, loadHttpLimits } from "./http-limits.ts";
import { type LogLevel, logLevelOf } from "./log-level.ts";

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Fixed credentials from the environment; null = generated on first start and stored with the data. */
  accountSid: string | null;
  authToken: string | null;
  /** Base of every URL the API returns, without a trailing slash. */
  publicUrl: string;
  taskRetentionSeconds: number;
  /** `system`: wall clock. `simulated`: a clock that moves only through /tasklane/v1/Clock (tests). */
  clock: ClockSetting;
  /** Timeouts and the connection cap of the HTTP server (./http-limits.ts). */
  http: HttpLimits;
  /** TASKLANE_LOG (src/logging/logger.ts); `npm start` logs at this level. */
  logLevel: LogLevel;
  /** Cluster mode (TASKLANE_CLUSTER=1, src/config/cluster-settings.ts); null: alone or active/standby. */
  cluster: ClusterSettings | null;
}

export type ClockSetting = { mode: "system" } | { mode: "simulated"; start: number | null };

export type Env = Record<string, string | undefined>;

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

export function loadConfig(env: Env): Config {
  const port = integer(env, "PORT", 3000, 0, 65535);
  const host = parseHost(nonEmpty(env, "HOST") ?? "127.0.0.1");
  const database = parseDatabaseUrl(nonEmpty(env, "DATABASE_URL") ?? DEFAULT_DATABASE_URL);
  if (oneOf(env, "TASKLANE_QUARANTINE_BAD_ROWS", ["0", "1"], "0") === "1" && database.kind !== "memory") {
    database.quarantineBadRows = true;
  }
  const accountSid = nonEmpty(env, "TASKLANE_ACCOUNT_SID") ?? null;
  if (accountSid !== null && !ACCOUNT_SID.test(accountSid)) {
    throw new ConfigError("TASKLANE_ACCOUNT_SID", "expected AC followed by 32 hexadecimal digits");
  }
  const authToken = nonEmpty(env, "TASKLANE_AUTH_TOKEN") ?? null;
  if (authToken !== null && authToken.length !== 32) {
    throw new ConfigError("TASKLANE_AUTH_TOKEN", `expected 32 characters, got ${authToken.length}`);
  }
  if ((accountSid === null) !== (authToken === null)) {
    const missing = accountSid === null ? "TASKLANE_ACCOUNT_SID" : "TASKLANE_AUTH_TOKEN";
    throw new ConfigError(missing, "set TASKLANE_ACCOUNT_SID and TASKLANE_AUTH_TOKEN together, or neither");
  }
  const publicUrl = parsePublicUrl(nonEmpty(env, "TASKLANE_PUBLIC_URL") ?? `http://${urlHost(host)}:${port}`);
  const taskRetentionSeconds = integer(env, "TASKLANE_TASK_RETENTION_SECONDS", 300, 0, 30 * 24 * 3600);
  const clock = clockSetting(env);
  const http = loadHttpLimits(env);
  const logLevel = logLevelOf(env);
  return {
    port,
    host,
    database,
    accountSid,
    authToken,
    publicUrl,
    taskRetentionSeconds,
    clock,
    http,
    logLevel,
    cluster: loadClusterSettings(env, database),
  };
}

/** The public URL once the real port is known (PORT=0 picks a free port). */
export function publicUrlFor(config: Config, env: Env, boundPort: number): string {
  if (nonEmpty(env, "TASKLANE_PUBLIC_URL") !== undefined) return config.publicUrl;
  return `http://${urlHost(config.host)}:${boundPort}`;
}

function clockSetting(env: Env): ClockSetting {
  const mode = nonEmpty(env, "TASKLANE_CLOCK") ?? "system";
  const startText = nonEmpty(env, "TASKLANE_CLOCK_START");
  if (mode === "system") {
    if (startText !== undefined)
      throw new ConfigError("TASKLANE_CLOCK_START", "needs TASKLANE_CLOCK=simulated");
    return { mode };
  }
  if (mode !== "simulated")
    throw new ConfigError("TASKLANE_CLOCK", `expected system or simulated, got "${mode}"`);
  if (startText === undefined) return { mode, start: null };
  const start = Date.parse(startText);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(startText) || Number.isNaN(start)) {
    throw new ConfigError("TASKLANE_CLOCK_START", `expected an ISO 8601 date-time, got "${startText}"`);
  }
  return { mode, start };
}

/** An IP address (v4 or v6) or a host name; whether it resolves is found out when listening. */
function parseHost(raw: string): string {
  const hostName =
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (isIP(raw) !== 0 || hostName.test(raw)) return raw;
  throw new ConfigError(
    "HOST",
    `expected an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::), got "${raw}"`,
  );
}

function oneOf(env: Env, name: string, allowed: readonly string[], fallback: string): string {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw)) {
    throw new ConfigError(name, `expected ${allowed.join(" or ")}, got "${raw}"`);
  }
  return raw;
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("TASKLANE_PUBLIC_URL", `not an absolute URL: "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError("TASKLANE_PUBLIC_URL", `expected http:// or https://, got "${raw}"`);
  }
  return url.toString().replace(/\/+$/, "");
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

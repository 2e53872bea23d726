/**
 * The server's log: pino (Fastify's logger), on by default at `info`.
 *   info   one line per state change that matters: start, stop, writer lease, callback failures,
 *          slow commits
 *   debug  also one line per request (method, URL, status, time, request id)
 * JSON lines, or pino-pretty's colours when stdout is a terminal. Credentials never reach it: the
 * Authorization and Cookie headers are not logged, token-like query parameters are masked in URLs,
 * and request bodies are never logged. Each request has an id (`RQ` + 32 hex digits, Twilio's form),
 * sent back as `Twilio-Request-Id` and logged as `request_id`.
 *
 * TASKLANE_LOG: silent, fatal, error, warn, info (default), debug, trace; `1` (the former switch for
 * the request log) means debug and `0` means warn.
 */
import type { Writable } from "node:stream";
import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { LogLevel } from "../config/log-level.ts";

/** Query parameters that carry a credential (the worker SDK's websocket URL has `?token=`). */
const SECRET_PARAMS = /([?&](?:token|accesstoken|authtoken|access_token|password|secret)=)[^&#]*/gi;

export function maskedUrl(url: string): string {
  return url.replace(SECRET_PARAMS, "$1***");
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go (tests); default stdout, pretty when it is a terminal. */
  destination?: Writable;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination: DestinationStream =
    options.destination ??
    (process.stdout.isTTY ? pretty({ colorize: true, sync: true }) : pino.destination(1));
  return pino(
    {
      level: options.level,
      base: { service: "tasklane" },
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie", "headers.authorization", "headers.cookie"],
        censor: "***",
      },
    },
    destination,
  );
}

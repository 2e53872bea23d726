/**
 * Why the server could not start, said with the variable to change: the listening socket's errors
 * (a busy port, a HOST that is not an address of this machine or does not resolve) carry only an
 * errno code from Node; the store's errors already name DATABASE_URL.
 */
import type { Config } from "./config.ts";

export function describeStartError(error: unknown, config: Config): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "EADDRINUSE":
      return `PORT: port ${config.port} on ${config.host} is already in use (${reason}); stop the other process or choose another PORT`;
    case "EACCES":
      return `PORT: not allowed to listen on port ${config.port} (${reason}); ports below 1024 need privileges`;
    case "EADDRNOTAVAIL":
      return `HOST: "${config.host}" is not an address of this machine (${reason})`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return `HOST: "${config.host}" does not resolve to an address (${reason})`;
    default:
      return reason;
  }
}

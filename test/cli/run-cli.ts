/** Runs `bin/tasklane.js` as a real process against a test server (URL and credentials in its env). */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import type { TestServer } from "../support/server.ts";

const BIN = resolve(import.meta.dirname, "../../bin/tasklane.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  t: TestServer | null,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const connection = t
    ? { TASKLANE_URL: t.baseUrl, TASKLANE_ACCOUNT_SID: t.accountSid, TASKLANE_AUTH_TOKEN: t.authToken }
    : {};
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TASKLANE_")));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...clean, DATABASE_URL: "memory:", ...connection, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

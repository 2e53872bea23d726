/**
 * The server start contract, on the real process: `node --import tsx src/main.ts` (`npm start` without
 * tsx's signal-relaying wrapper) with a
 * temporary DATABASE_URL; /healthz, credentials printed and stable across starts, SIGTERM exits 0.
 * Also the `tasklane` CLI against the same database.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { clientFor } from "../support/twilio-client.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
/** `npm start` runs `tsx src/main.ts`; the same process without tsx's wrapper, so signals reach it directly. */
const SERVER = ["--import", "tsx", "src/main.ts"];
const dir = mkdtempSync(join(tmpdir(), "tasklane-start-"));
const env = {
  ...process.env,
  PORT: "0",
  HOST: "127.0.0.1",
  DATABASE_URL: `sqlite:${join(dir, "db", "tasklane.db")}`,
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** Starts the server and resolves once it prints its URL (it accepts requests from then on). */
function start(extraEnv: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, SERVER, { cwd: ROOT, env: { ...env, ...extraEnv } });
  let text = "";
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) resolveStart({ child, output: () => text, url: match[1] });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${text}`)));
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolveStop) => {
    started.child.once("exit", (code) => resolveStop(code));
    started.child.kill("SIGTERM");
  });
}

function credentialsIn(output: string) {
  return {
    accountSid: /TASKLANE_ACCOUNT_SID=(AC[0-9a-f]{32})/.exec(output)?.[1],
    authToken: /TASKLANE_AUTH_TOKEN=(\S{32})/.exec(output)?.[1],
  };
}

describe("server start contract", () => {
  it("starts, answers /healthz, prints credentials and a client snippet, stops on SIGTERM with 0", async () => {
    const first = await start();
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const creds = credentialsIn(first.output());
    expect(creds.accountSid).toBeDefined();
    expect(first.output()).toContain("httpClient: new TasklaneHttpClient()");
    const client = clientFor(first.url, creds.accountSid ?? "", creds.authToken ?? "");
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: "survives restarts" });
    expect(await stop(first)).toBe(0);

    const second = await start();
    expect(credentialsIn(second.output())).toEqual(creds);
    const again = clientFor(second.url, creds.accountSid ?? "", creds.authToken ?? "");
    expect((await again.taskrouter.v1.workspaces(ws.sid).fetch()).friendlyName).toBe("survives restarts");
    expect(await stop(second)).toBe(0);
  });

  it("keeps acknowledged writes when the process is killed with SIGKILL", async () => {
    const first = await start();
    const creds = credentialsIn(first.output());
    const client = clientFor(first.url, creds.accountSid ?? "", creds.authToken ?? "");
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: "before kill -9" });
    await client.taskrouter.v1.workspaces(ws.sid).update({ friendlyName: "acknowledged" });
    const exited = new Promise((resolveExit) => first.child.once("exit", resolveExit));
    first.child.kill("SIGKILL");
    await exited;

    const second = await start();
    const again = clientFor(second.url, creds.accountSid ?? "", creds.authToken ?? "");
    expect((await again.taskrouter.v1.workspaces(ws.sid).fetch()).friendlyName).toBe("acknowledged");
    expect(await stop(second)).toBe(0);
  });

  it("refuses a bad configuration with a message naming the variable", async () => {
    const run = promisify(execFile);
    const error = await run(process.execPath, [TSX, "src/main.ts"], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: "mysql://localhost/x" },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("DATABASE_URL: unsupported value"),
    });
  });

  it("says which PostgreSQL server it cannot reach", async () => {
    const run = promisify(execFile);
    const error = await run(process.execPath, [TSX, "src/main.ts"], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/x" },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("cannot connect to PostgreSQL at 127.0.0.1:1: connect ECONNREFUSED"),
    });
  });

  it("manages API keys from the CLI against the same database", async () => {
    const run = promisify(execFile);
    const cli = (...args: string[]) =>
      run(process.execPath, [join(ROOT, "bin/tasklane.js"), ...args], { cwd: ROOT, env });
    const created = await cli("keys", "create", "from", "cli");
    const sid = /sid:\s+(SK[0-9a-f]{32})/.exec(created.stdout)?.[1];
    expect(sid).toBeDefined();
    expect((await cli("keys", "list")).stdout).toContain(`${sid}`);
    expect((await cli("keys", "revoke", sid ?? "")).stdout).toContain(`Revoked ${sid}`);
    expect((await cli("keys", "list")).stdout).not.toContain(`${sid}`);
  });
});

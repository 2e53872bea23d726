/**
 * The server start contract, on the real process: `node --import tsx src/main.ts` (`npm start` without
 * tsx's signal-relaying wrapper) with a
 * temporary DATABASE_URL; /healthz, credentials printed and stable across starts, SIGTERM exits 0.
 * Also the `tasklane` CLI against the same database.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
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
function start(extraEnv: Record<string, string> = {}, fileSizeLimitBlocks?: number): Promise<Started> {
  // With a file size limit (sh's ulimit -f, 512-byte blocks), writes past it fail as on a full disk.
  const child =
    fileSizeLimitBlocks === undefined
      ? spawn(process.execPath, SERVER, { cwd: ROOT, env: { ...env, ...extraEnv } })
      : spawn("sh", ["-c", `ulimit -f ${fileSizeLimitBlocks}; exec "$0" "$@"`, process.execPath, ...SERVER], {
          cwd: ROOT,
          env: { ...env, ...extraEnv },
        });
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
    expect(first.output()).toContain("node --require tasklane/register app.js");
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

  /** Runs the server expecting it to refuse to start; resolves with its exit code and stderr. */
  async function refusal(extraEnv: Record<string, string>): Promise<{ code: number; stderr: string }> {
    const run = promisify(execFile);
    const result = await run(process.execPath, SERVER, {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      timeout: 20_000,
    }).catch((e: { code: number; stderr: string }) => e);
    if (!("code" in result)) throw new Error("the server started");
    return { code: result.code, stderr: result.stderr };
  }

  it("refuses an unknown TASKLANE_LOG value, naming the variable and the values it takes", async () => {
    expect(await refusal({ TASKLANE_LOG: "loud" })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'TASKLANE_LOG: expected one of silent, fatal, error, warn, info, debug, trace (or 1, 0), got "loud"',
      ),
    });
  });

  it("names HOST when it is no address, or not one of this machine", async () => {
    expect(await refusal({ HOST: "local host!" })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("HOST: expected an IP address or a host name"),
    });
    // 192.0.2.1 is TEST-NET-1: never an address of this machine; nothing is sent anywhere.
    expect(await refusal({ HOST: "192.0.2.1" })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('HOST: "192.0.2.1" is not an address of this machine'),
    });
  });

  it("names PORT when the port is busy", async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, "127.0.0.1", done));
    const address = busy.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      expect(await refusal({ PORT: String(port) })).toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`PORT: port ${port} on 127.0.0.1 is already in use`),
      });
    } finally {
      busy.close();
    }
  });

  it("names DATABASE_URL and the path when the database cannot be created", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "in the way");
    const path = join(file, "tasklane.db");
    expect(await refusal({ DATABASE_URL: `sqlite:${path}` })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`DATABASE_URL: cannot open the SQLite database ${path}`),
    });
  });

  it("keeps the data owner-only: folder 0700, database files 0600", async () => {
    const started = await start();
    try {
      const db = join(dir, "db", "tasklane.db");
      expect(statSync(join(dir, "db")).mode & 0o777).toBe(0o700);
      expect(statSync(db).mode & 0o777).toBe(0o600);
      expect(statSync(`${db}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      await stop(started);
    }
  });

  it("answers /healthz 503 with the reason while writes fail for lack of space, /readyz with the detail", async () => {
    const full = join(dir, "full");
    const started = await start({ DATABASE_URL: `sqlite:${join(full, "tasklane.db")}` }, 3000);
    try {
      const ready = await fetch(`${started.url}/readyz`);
      expect([ready.status, await ready.json()]).toMatchObject([
        200,
        { status: "ready", store: { adapter: "sqlite", writable: true } },
      ]);
      const creds = credentialsIn(started.output());
      const client = clientFor(started.url, creds.accountSid ?? "", creds.authToken ?? "");
      const ws = client.taskrouter.v1.workspaces(
        (await client.taskrouter.v1.workspaces.create({ friendlyName: "full" })).sid,
      );
      const attributes = JSON.stringify({ padding: "x".repeat(3000) });
      let failed: { status?: number } | null = null;
      for (let i = 0; i < 400 && failed === null; i++) {
        await ws.workers.create({ friendlyName: `w${i}`, attributes }).catch((e: { status?: number }) => {
          failed = e;
        });
      }
      expect(failed).toMatchObject({ status: 500 });
      const health = await fetch(`${started.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([
        503,
        { status: "unavailable", reason: expect.stringMatching(/^writes fail: /) },
      ]);
      const detail = await fetch(`${started.url}/readyz`);
      expect([detail.status, await detail.json()]).toMatchObject([
        503,
        {
          status: "unavailable",
          store: { writable: false, lastWriteError: { message: expect.any(String) } },
        },
      ]);
    } finally {
      await stop(started);
    }
  });

  it("names the unreadable row that stops the start, and starts without it with TASKLANE_QUARANTINE_BAD_ROWS=1", async () => {
    const path = join(dir, "bad-row", "tasklane.db");
    const first = await start({ DATABASE_URL: `sqlite:${path}` });
    const creds = credentialsIn(first.output());
    const client = clientFor(first.url, creds.accountSid ?? "", creds.authToken ?? "");
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: "one bad row" });
    const [activity] = await client.taskrouter.v1.workspaces(ws.sid).activities.list({ limit: 1 });
    expect(await stop(first)).toBe(0);
    const raw = new Database(path);
    raw.prepare("UPDATE entities SET document = '{broken' WHERE sid = ?").run(activity?.sid);
    raw.close();

    expect(await refusal({ DATABASE_URL: `sqlite:${path}` })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `cannot read table entities, workspace ${ws.sid}, activity ${activity?.sid}: the document is not valid JSON`,
      ),
    });
    const second = await start({ DATABASE_URL: `sqlite:${path}`, TASKLANE_QUARANTINE_BAD_ROWS: "1" });
    try {
      expect(second.output()).toContain(`quarantined activity ${activity?.sid} of workspace ${ws.sid}`);
      const again = clientFor(second.url, creds.accountSid ?? "", creds.authToken ?? "");
      expect((await again.taskrouter.v1.workspaces(ws.sid).fetch()).friendlyName).toBe("one bad row");
      const ready = await (await fetch(`${second.url}/readyz`)).json();
      expect(ready).toMatchObject({ status: "ready", store: { quarantinedRows: 1 } });
    } finally {
      await stop(second);
    }
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

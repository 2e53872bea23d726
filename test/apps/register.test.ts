/**
 * tasklane/register in real child processes: plain twilio apps (ESM via --import, CommonJS via
 * --require, a grandchild through NODE_OPTIONS) reach Tasklane; without TASKLANE_URL nothing leaves
 * the machine (a tripwire loaded first would see any DNS lookup of a Twilio host).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "register");
const tripwire = join(fixtures, "tripwire.cjs");

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ database: "memory" });
});
afterAll(() => t.close());

async function node(args: string[], env: Record<string, string | undefined>) {
  const { NODE_OPTIONS: _ignored, ...parent } = process.env;
  const result = await run(process.execPath, args, {
    cwd: root,
    env: { ...parent, TWILIO_ACCOUNT_SID: t.accountSid, TWILIO_AUTH_TOKEN: t.authToken, ...env },
    encoding: "utf8",
  });
  expect(result.stderr).not.toContain("LEAK");
  return { json: JSON.parse(result.stdout.trim().split("\n").pop() ?? "null"), stderr: result.stderr };
}

describe("with TASKLANE_URL", () => {
  it("sends an ESM app's twilio requests to Tasklane (--import tasklane/register)", async () => {
    const { json } = await node(
      ["--require", tripwire, "--import", "tasklane/register", join(fixtures, "sdk-app.mjs")],
      { TASKLANE_URL: t.baseUrl },
    );
    expect(json.ok).toBe(true);
    expect(json.activities).toBeGreaterThan(1);
    const workspace = await t.client.taskrouter.v1.workspaces(json.workspace).fetch();
    expect(workspace.friendlyName).toBe("from-esm");
  });

  it("covers CommonJS (--require), global fetch and https.get, path and query unchanged", async () => {
    const { json } = await node(
      ["--require", tripwire, "--require", "tasklane/register", join(fixtures, "sdk-app.cjs")],
      {
        TASKLANE_URL: t.baseUrl,
      },
    );
    expect(json).toMatchObject({ ok: true, fetch: 200, get: 200 });
  });

  it("is inherited by child processes through NODE_OPTIONS", async () => {
    const { json } = await node([join(fixtures, "spawn-child.mjs")], {
      TASKLANE_URL: t.baseUrl,
      NODE_OPTIONS: `--require ${tripwire} --import tasklane/register`,
    });
    expect(json.ok).toBe(true);
    expect(json.activities).toBeGreaterThan(1);
  });

  it("keeps a path prefix of TASKLANE_URL", async () => {
    const { json } = await node(
      ["--require", tripwire, "--import", "tasklane/register", join(fixtures, "sdk-app.mjs")],
      {
        TASKLANE_URL: `${t.baseUrl}/nowhere/`,
      },
    );
    // /nowhere/v1/Workspaces does not exist on Tasklane: the prefix was kept.
    expect(json.ok).toBe(false);
    expect(json.message).toMatch(/not found|404|requested resource/i);
  });
});

describe("without TASKLANE_URL (fails closed)", () => {
  it("stops the SDK's request with a clear error, and no lookup of a Twilio host happens", async () => {
    const { json, stderr } = await node(
      ["--require", tripwire, "--import", "tasklane/register", join(fixtures, "sdk-app.mjs")],
      { TASKLANE_URL: undefined },
    );
    expect(json.ok).toBe(false);
    expect(json.message).toContain("TASKLANE_URL is not set");
    expect(json.message).toContain("taskrouter.twilio.com");
    expect(stderr).toContain("TASKLANE_URL is not set");
  });

  it("refuses a raw TLS socket to a Twilio host before any DNS lookup", async () => {
    const { json } = await node(
      ["--require", tripwire, "--require", "tasklane/register", join(fixtures, "raw-socket.cjs")],
      {
        TASKLANE_URL: t.baseUrl,
      },
    );
    expect(json.code).toBe("TASKLANE_TWILIO_BLOCKED");
  });

  it("refuses a TASKLANE_URL that points at Twilio", async () => {
    const { json } = await node(
      ["--require", tripwire, "--import", "tasklane/register", join(fixtures, "sdk-app.mjs")],
      {
        TASKLANE_URL: "https://api.twilio.com",
      },
    );
    expect(json.ok).toBe(false);
    expect(json.message).toContain("points at Twilio itself");
  });
});

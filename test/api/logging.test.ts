/**
 * The server's log (issue 17, item 3): JSON lines at info by default, one line per request at
 * debug with a request id that is also the Twilio-Request-Id header, state changes (callback
 * failures) as warnings, and never a credential: not the auth token, not an API key secret, not a
 * worker token, not the Authorization header.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { logLevelOf } from "../../src/config/log-level.ts";
import { createLogger, maskedUrl } from "../../src/logging/logger.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { clientFor } from "../support/twilio-client.ts";

class Lines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const text = chunk.toString("utf8");
    this.text += text;
    for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

describe("log level setting", () => {
  it("defaults to info, reads level names, keeps 1 and 0", () => {
    expect(logLevelOf({})).toBe("info");
    expect(logLevelOf({ TASKLANE_LOG: "DEBUG" })).toBe("debug");
    expect(logLevelOf({ TASKLANE_LOG: "1" })).toBe("debug");
    expect(logLevelOf({ TASKLANE_LOG: "0" })).toBe("warn");
    expect(() => logLevelOf({ TASKLANE_LOG: "verbose" })).toThrow(/TASKLANE_LOG: expected one of/);
  });

  it("masks token-like query parameters in URLs", () => {
    expect(maskedUrl("/v1/wschannels?token=eyJabc.def&x=1")).toBe("/v1/wschannels?token=***&x=1");
    expect(maskedUrl("/a?AccessToken=s3cret")).toBe("/a?AccessToken=***");
  });
});

describe("server log", () => {
  const out = new Lines();
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tasklane-log-"));
    const env = {
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `sqlite:${join(dir, "t.db")}`,
      TASKLANE_LOG: "debug",
      TASKLANE_ASSIGNMENT_CALLBACK_TIMEOUT_MS: "300",
    };
    const config = loadConfig(env);
    server = await startServer({
      config,
      env,
      logger: createLogger({ level: config.logLevel, destination: out }),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("logs requests at debug with a request id, and never a credential", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const { accountSid, authToken } = server.credentials;
    const client = clientFor(base, accountSid, authToken);
    const key = await client.newKeys.create({ friendlyName: "ci" });
    const res = await fetch(`${base}/v1/Workspaces?PageSize=5`, {
      headers: { authorization: `Basic ${Buffer.from(`${key.sid}:${key.secret}`).toString("base64")}` },
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("twilio-request-id");
    expect(requestId).toMatch(/^RQ[0-9a-f]{32}$/);
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: "logs" });
    const worker = await client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: "w" });
    const tokenRes = await fetch(`${base}/tasklane/v1/Workspaces/${ws.sid}/Workers/${worker.sid}/Token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}` },
    });
    const { token } = (await tokenRes.json()) as { token: string };
    await fetch(`${base}/v1/wschannels?token=${token}`).catch(() => undefined);
    // A failing assignment callback is a state change worth a warning.
    const queue = await client.taskrouter.v1.workspaces(ws.sid).taskQueues.create({ friendlyName: "q" });
    const workflow = await client.taskrouter.v1.workspaces(ws.sid).workflows.create({
      friendlyName: "wf",
      assignmentCallbackUrl: "http://127.0.0.1:1/nobody",
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
    const [available] = await client.taskrouter.v1
      .workspaces(ws.sid)
      .activities.list({ friendlyName: "Available" });
    await client.taskrouter.v1
      .workspaces(ws.sid)
      .workers(worker.sid)
      .update({ activitySid: available?.sid ?? "" });
    await client.taskrouter.v1
      .workspaces(ws.sid)
      .tasks.create({ workflowSid: workflow.sid, attributes: "{}" });
    await server.events.idle();

    const request = out.lines.find((l) => l.request_id === requestId);
    expect(request).toMatchObject({ level: 20, msg: "request", method: "GET", status: 200 });
    expect(out.lines.some((l) => l.component === "events" && l.level === 40)).toBe(true);
    for (const secret of [
      authToken,
      key.secret,
      token,
      Buffer.from(`${accountSid}:${authToken}`).toString("base64"),
    ]) {
      expect(out.text).not.toContain(secret);
    }
  });
});

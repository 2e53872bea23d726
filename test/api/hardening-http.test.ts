/**
 * Hardening of the HTTP edge (issue 10, items 4, 11 and 14): slow or idle clients are cut off by the
 * request/headers timeouts and the connection cap, bodies that are not forms never reach the
 * validators, and every error Fastify or Node would render on its own comes out in Twilio's shape.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceSnapshot } from "../../src/engine/view.ts";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

class CountingStore extends MemoryStore {
  loads = 0;
  override async loadWorkspace(sid: string): Promise<WorkspaceSnapshot | null> {
    this.loads += 1;
    return super.loadWorkspace(sid);
  }
}

function basic(t: TestServer): string {
  return `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
}

/** Opens a raw TCP connection and resolves with everything the server sent once it closes. */
function rawConnection(port: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<string>((resolve) => {
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", () => {});
  });
  return { socket, closed };
}

function jsonBodyOf(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
}

describe("bodies that are not forms (item 11)", () => {
  let t: TestServer;
  let store: CountingStore;
  let workspaceSid: string;
  let workflowSid: string;
  let workerSid: string;

  beforeAll(async () => {
    store = new CountingStore();
    t = await startTestServer({ store });
    const ws = await t.client.taskrouter.v1.workspaces.create({ friendlyName: "forms only" });
    workspaceSid = ws.sid;
    const queue = await t.client.taskrouter.v1.workspaces(ws.sid).taskQueues.create({ friendlyName: "q" });
    const workflow = await t.client.taskrouter.v1.workspaces(ws.sid).workflows.create({
      friendlyName: "wf",
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
    workflowSid = workflow.sid;
    workerSid = (await t.client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: "w" })).sid;
  });
  afterAll(() => t.close());

  it("refuses nine JSON shapes with 415 / 20415, changes nothing and rebuilds nothing", async () => {
    const before = await t.client.taskrouter.v1.workspaces(workspaceSid).fetch();
    const loadsBefore = store.loads;
    const base = `/v1/Workspaces/${workspaceSid}`;
    const variants: Array<[string, string]> = [
      ["/v1/Workspaces", '{"FriendlyName": 5}'],
      ["/v1/Workspaces", '{"FriendlyName": ["a", "b"]}'],
      [base, '{"FriendlyName": {"nested": true}}'],
      [base, '{"MultiTaskEnabled": null}'],
      [`${base}/Tasks`, `{"WorkflowSid": "${workflowSid}", "Attributes": {"a": 1}}`],
      [`${base}/Tasks`, `{"WorkflowSid": ["${workflowSid}"], "Priority": "high"}`],
      [`${base}/Workflows/${workflowSid}`, '{"Configuration": {"task_routing": {}}}'],
      [`${base}/Workers/${workerSid}`, '{"Attributes": [1, 2, 3]}'],
      [`${base}/TaskQueues`, '[{"FriendlyName": "x"}]'],
    ];
    for (const [path, body] of variants) {
      const res = await fetch(`${t.baseUrl}${path}`, {
        method: "POST",
        headers: { authorization: basic(t), "content-type": "application/json" },
        body,
      });
      expect(res.status, `${path} ${body}`).toBe(415);
      expect(await res.json()).toMatchObject({
        code: 20415,
        status: 415,
        more_info: "https://www.twilio.com/docs/errors/20415",
        message: expect.stringContaining("application/x-www-form-urlencoded"),
      });
    }
    for (const contentType of ["text/plain", "application/xml", "multipart/form-data; boundary=x"]) {
      const res = await fetch(`${t.baseUrl}/v1/Workspaces`, {
        method: "POST",
        headers: { authorization: basic(t), "content-type": contentType },
        body: "FriendlyName=x",
      });
      expect(res.status, contentType).toBe(415);
    }
    const after = await t.client.taskrouter.v1.workspaces(workspaceSid).fetch();
    expect(after.dateUpdated).toEqual(before.dateUpdated);
    expect((await t.client.taskrouter.v1.workspaces.list()).map((w) => w.friendlyName)).toEqual([
      "forms only",
    ]);
    expect(store.loads).toBe(loadsBefore);
  });

  it("reads a repeated form key given to a single-valued parameter as its last value", async () => {
    const res = await fetch(`${t.baseUrl}/v1/Workspaces/${workspaceSid}/Tasks`, {
      method: "POST",
      headers: { authorization: basic(t), "content-type": "application/x-www-form-urlencoded" },
      body: `WorkflowSid=${workflowSid}&Attributes=%7B%7D&Attributes=%7B%22n%22%3A1%7D&Priority=1&Priority=2`,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ attributes: '{"n":1}', priority: 2 });
  });
});

describe("errors Fastify and Node would render themselves (item 14)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
  });
  afterAll(() => t.close());

  it("answers a path segment over the router's limit in Twilio's shape", async () => {
    const res = await fetch(`${t.baseUrl}/v1/Workspaces/WS${"a".repeat(500)}`, {
      headers: { authorization: basic(t) },
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["code", "message", "more_info", "status"]);
    expect(body).toMatchObject({ code: 20404, status: 404 });
    expect(String(body.message)).toContain("longer than 100 characters");
    expect(JSON.stringify(body)).not.toContain("FST_");
  });

  it("answers a malformed percent-encoding in Twilio's shape", async () => {
    const res = await fetch(`${t.baseUrl}/v1/Workspaces/%E0%A4%A`, { headers: { authorization: basic(t) } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 20404, status: 404 });
    expect(JSON.stringify(body)).not.toContain("FST_");
  });

  it("answers malformed HTTP in Twilio's shape and closes the connection", async () => {
    const { socket, closed } = rawConnection(t.server.port);
    socket.write("GARBAGE / NOT-HTTP\r\n\r\n");
    const response = await closed;
    expect(response.startsWith("HTTP/1.1 400")).toBe(true);
    expect(jsonBodyOf(response)).toMatchObject({ code: 20001, status: 400 });
  });
});

describe("slow and idle clients (item 4)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      database: "memory",
      env: {
        TASKLANE_REQUEST_TIMEOUT_MS: "600",
        TASKLANE_HEADERS_TIMEOUT_MS: "400",
        TASKLANE_KEEP_ALIVE_TIMEOUT_MS: "300",
        TASKLANE_MAX_CONNECTIONS: "20",
      },
    });
  });
  afterAll(() => t.close());

  it("closes a connection whose body trickles in past the request timeout, with a 408", async () => {
    const { socket, closed } = rawConnection(t.server.port);
    socket.write(
      `POST /v1/Workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: ${basic(t)}\r\n` +
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nFriendlyName=",
    );
    const trickle = setInterval(() => socket.writable && socket.write("a"), 50);
    const response = await closed;
    clearInterval(trickle);
    expect(response).toContain("408");
    expect(await t.client.taskrouter.v1.workspaces.list()).toEqual([]);
  });

  it("closes connections that never send their headers, and keeps serving", async () => {
    const idle = Array.from({ length: 5 }, () => rawConnection(t.server.port));
    // Node checks for overdue headers periodically: wait for every idle socket to be closed.
    await Promise.all(idle.map((c) => c.closed));
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
  });

  it("refuses connections past the cap, and serves again once idle ones are gone", async () => {
    const held = Array.from({ length: 30 }, () => rawConnection(t.server.port));
    const outcomes = await Promise.all(
      held.map(
        (c) =>
          new Promise<"closed-at-once" | "held">((resolve) => {
            const timer = setTimeout(() => resolve("held"), 150);
            c.closed.then(() => {
              clearTimeout(timer);
              resolve("closed-at-once");
            });
          }),
      ),
    );
    expect(outcomes.filter((o) => o === "held").length).toBeLessThanOrEqual(20);
    expect(outcomes.filter((o) => o === "closed-at-once").length).toBeGreaterThanOrEqual(10);
    await Promise.all(held.map((c) => c.closed));
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ database: "memory" });
});
afterAll(() => t.close());

async function raw(path: string, init: RequestInit = {}) {
  const response = await fetch(`${t.baseUrl}${path}`, init);
  return {
    status: response.status,
    headers: response.headers,
    body: await response.json().catch(() => null),
  };
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
}

describe("authentication", () => {
  it("accepts the account SID with its auth token", async () => {
    const page = await t.client.taskrouter.v1.workspaces.page();
    expect(page.instances).toEqual([]);
  });

  it("answers 401 / 20003 without credentials, in Twilio's error shape", async () => {
    const res = await raw("/v1/Workspaces");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
  });

  it("rejects a wrong token, an unknown user and a malformed header", async () => {
    await expect(
      t.clientAs(t.accountSid, "x".repeat(32)).taskrouter.v1.workspaces.list(),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    await expect(
      t.clientAs(`AC${"0".repeat(32)}`, t.authToken).taskrouter.v1.workspaces.list(),
    ).rejects.toMatchObject({
      status: 401,
    });
    expect((await raw("/v1/Workspaces", { headers: { authorization: "Bearer abc" } })).status).toBe(401);
    expect((await raw("/v1/Workspaces", { headers: { authorization: "Basic !!!" } })).status).toBe(401);
  });

  it("leaves /healthz open", async () => {
    const res = await raw("/healthz");
    expect(res).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("accepts an API key created through the SDK, until it is revoked", async () => {
    const key = await t.client.newKeys.create({ friendlyName: "ci" });
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    const asKey = t.clientAs(key.sid, key.secret);
    const created = await asKey.taskrouter.v1.workspaces.create({ friendlyName: "made with a key" });
    expect(created.accountSid).toBe(t.accountSid);
    expect(
      (await raw("/v1/Workspaces", { headers: { authorization: basic(key.sid, "wrong") } })).status,
    ).toBe(401);
    await t.client.keys(key.sid).remove();
    await expect(asKey.taskrouter.v1.workspaces.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it("forbids an API key from managing keys (403 / 20403)", async () => {
    const key = await t.client.newKeys.create({ friendlyName: "limited" });
    const asKey = t.clientAs(key.sid, key.secret);
    await expect(asKey.newKeys.create({ friendlyName: "escalate" })).rejects.toMatchObject({
      status: 403,
      code: 20403,
    });
    await expect(asKey.keys.list()).rejects.toMatchObject({ status: 403, code: 20403 });
    await expect(asKey.keys(key.sid).remove()).rejects.toMatchObject({ status: 403, code: 20403 });
  });
});

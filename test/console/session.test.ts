// The console's cookie session beside Basic auth, over real HTTP: cookie flags, CSRF on writes,
// no credential anywhere but the server, no Basic prompt for console requests, revocation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { ensureConsoleBuilt } from "./harness.ts";

let t: TestServer;
beforeAll(async () => {
  ensureConsoleBuilt();
  t = await startTestServer({ database: "memory" });
});
afterAll(async () => t.close());

async function signIn(username = t.accountSid, password = t.authToken) {
  const response = await fetch(`${t.baseUrl}/console/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ AccountSid: username, AuthToken: password }),
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { response, cookie, body: (await response.json()) as Record<string, string> };
}

describe("console session", () => {
  it("signs in with the account SID and auth token and sets a strict HttpOnly cookie", async () => {
    const { response, body } = await signIn();
    expect(response.status).toBe(201);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^tasklane_session=[A-Za-z0-9_-]{40,}; /);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).not.toContain("Secure"); // plain http here
    expect(body.account_sid).toBe(t.accountSid);
    expect(JSON.stringify(body)).not.toContain(t.authToken);
    expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it("refuses wrong credentials with Twilio's 401 and a form body (no cross-site sign-in)", async () => {
    const wrong = await signIn(t.accountSid, "nope");
    expect(wrong.response.status).toBe(401);
    expect(wrong.body.code).toBe(20003);
    const form = await fetch(`${t.baseUrl}/console/session`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `AccountSid=${t.accountSid}&AuthToken=${t.authToken}`,
    });
    expect(form.status).toBe(400);
  });

  it("lets the cookie read the REST API, and writes only with the CSRF header", async () => {
    const { cookie, body } = await signIn();
    const list = await fetch(`${t.baseUrl}/v1/Workspaces`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const forged = await fetch(`${t.baseUrl}/v1/Workspaces`, {
      method: "POST",
      headers: { cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: "FriendlyName=forged",
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { code: number }).code).toBe(20403);
    const real = await fetch(`${t.baseUrl}/v1/Workspaces`, {
      method: "POST",
      headers: {
        cookie,
        "X-Tasklane-CSRF": body.csrf_token ?? "",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "FriendlyName=from-console",
    });
    expect(real.status).toBe(201);
  });

  it("answers a stale cookie with 401 and no Basic prompt; Basic auth still works as before", async () => {
    const stale = await fetch(`${t.baseUrl}/v1/Workspaces`, {
      headers: { cookie: "tasklane_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
    });
    expect(stale.status).toBe(401);
    expect(stale.headers.get("www-authenticate")).toBeNull();
    const none = await fetch(`${t.baseUrl}/v1/Workspaces`);
    expect(none.headers.get("www-authenticate")).toContain("Basic");
    const basic = await fetch(`${t.baseUrl}/v1/Workspaces`, {
      headers: { authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}` },
    });
    expect(basic.status).toBe(200);
  });

  it("signs in with an API key and ends the session when the key is deleted", async () => {
    const key = await t.client.newKeys.create({ friendlyName: "console" });
    const { response, cookie } = await signIn(key.sid, key.secret);
    expect(response.status).toBe(201);
    expect((await fetch(`${t.baseUrl}/v1/Workspaces`, { headers: { cookie } })).status).toBe(200);
    await t.client.keys(key.sid).remove();
    expect((await fetch(`${t.baseUrl}/v1/Workspaces`, { headers: { cookie } })).status).toBe(401);
  });

  it("signs out: the cookie is cleared and no longer works", async () => {
    const { cookie, body } = await signIn();
    const out = await fetch(`${t.baseUrl}/console/session`, {
      method: "DELETE",
      headers: { cookie, "X-Tasklane-CSRF": body.csrf_token ?? "" },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await fetch(`${t.baseUrl}/console/session`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${t.baseUrl}/v1/Workspaces`, { headers: { cookie } })).status).toBe(401);
  });

  it("serves the console page with a content-security policy and immutable assets", async () => {
    const root = await fetch(`${t.baseUrl}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/console/");
    const page = await fetch(`${t.baseUrl}/console/agent`);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const html = await page.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(page.status).toBe(200);
    expect(asset).toBeDefined();
    const js = await fetch(`${t.baseUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await js.text()).length).toBeGreaterThan(1000);
  });
});

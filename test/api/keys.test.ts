import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe("Keys resource (API 2010-04-01) through the official SDK", () => {
  it("creates a key with its secret shown once, then fetches, updates and removes it", async () => {
    const created = await t.client.newKeys.create({ friendlyName: "deploy" });
    expect(created.friendlyName).toBe("deploy");
    expect(created.secret).toMatch(/^[\w-]{32}$/);
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(created.dateCreated.getTime())).toBe(false);

    const fetched = await t.client.keys(created.sid).fetch();
    expect(fetched.sid).toBe(created.sid);
    expect(fetched.friendlyName).toBe("deploy");
    expect(fetched.toJSON()).not.toHaveProperty("secret");

    const updated = await t.client.keys(created.sid).update({ friendlyName: "deploy-2" });
    expect(updated.friendlyName).toBe("deploy-2");

    expect(await t.client.keys(created.sid).remove()).toBe(true);
    await expect(t.client.keys(created.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it("lists keys across pages following Twilio 2010 paging", async () => {
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) sids.push((await t.client.newKeys.create({ friendlyName: `k${i}` })).sid);
    const listed = await t.client.keys.list({ pageSize: 2 });
    expect(listed.map((k) => k.sid)).toEqual(expect.arrayContaining(sids));
    const page = await t.client.keys.page({ pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const next = await page.nextPage();
    expect(next?.instances).toHaveLength(2);
  });

  it("refuses another account's path with 404", async () => {
    const res = await fetch(`${t.baseUrl}/2010-04-01/Accounts/AC${"0".repeat(32)}/Keys.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 20404, status: 404 });
  });

  it("keeps keys in the database for the CLI and restarts", async () => {
    const key = await t.client.newKeys.create({ friendlyName: "persisted" });
    expect(await t.server.store.getApiKey(key.sid)).toMatchObject({
      friendlyName: "persisted",
      secret: key.secret,
    });
  });
});

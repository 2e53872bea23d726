import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer } from "./fixture.ts";

describe("Activities", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates, fetches, updates, lists and removes through the SDK", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const lunch = await ws.activities.create({ friendlyName: "Lunch", available: false });
    expect(lunch.sid).toMatch(/^WA[0-9a-f]{32}$/);
    expect(lunch.friendlyName).toBe("Lunch");
    expect(lunch.available).toBe(false);
    expect(lunch.accountSid).toBe(t.accountSid);
    expect(lunch.workspaceSid).toBe(wsSid);
    expect(lunch.url).toBe(`${t.baseUrl}/v1/Workspaces/${wsSid}/Activities/${lunch.sid}`);
    expect(lunch.links).toEqual({ workspace: `${t.baseUrl}/v1/Workspaces/${wsSid}` });

    const fetched = await ws.activities(lunch.sid).fetch();
    expect(fetched.friendlyName).toBe("Lunch");

    const updated = await ws.activities(lunch.sid).update({ friendlyName: "Long lunch" });
    expect(updated.friendlyName).toBe("Long lunch");

    const names = (await ws.activities.list()).map((a) => a.friendlyName);
    expect(names).toContain("Long lunch");
    expect(names).toContain("Available");

    expect(await ws.activities(lunch.sid).remove()).toBe(true);
    const gone = await rejection(() => ws.activities(lunch.sid).fetch());
    expect(gone.status).toBe(404);
    expect(gone.code).toBe(20404);
  });

  it("filters the list by FriendlyName and Available", async () => {
    const { ws } = await newWorkspace(t);
    await ws.activities.create({ friendlyName: "Ready", available: true });
    const available = await ws.activities.list({ available: "true" });
    expect(available.length).toBeGreaterThan(0);
    expect(available.every((a) => a.available)).toBe(true);
    const unavailable = await ws.activities.list({ available: "no" });
    expect(unavailable.every((a) => !a.available)).toBe(true);
    const byName = await ws.activities.list({ friendlyName: "Ready" });
    expect(byName.map((a) => a.friendlyName)).toEqual(["Ready"]);
  });

  it("speaks the wire format: 201, snake_case, second-precision dates, meta", async () => {
    const { sid: wsSid } = await newWorkspace(t);
    const created = await raw(t, "POST", `/v1/Workspaces/${wsSid}/Activities`, {
      form: "FriendlyName=Break",
    });
    expect(created.status).toBe(201);
    expect(created.json.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Object.keys(created.json).sort()).toEqual([
      "account_sid",
      "available",
      "date_created",
      "date_updated",
      "friendly_name",
      "links",
      "sid",
      "url",
      "workspace_sid",
    ]);
    const list = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Activities?FriendlyName=Break`);
    expect(list.status).toBe(200);
    expect(list.json.meta).toMatchObject({ key: "activities", page: 0, page_size: 50, next_page_url: null });
    const removed = await raw(t, "DELETE", `/v1/Workspaces/${wsSid}/Activities/${created.json.sid}`);
    expect(removed.status).toBe(204);
  });

  it("rejects a missing FriendlyName and unknown SIDs with Twilio's error shape", async () => {
    const { ws } = await newWorkspace(t);
    const missing = await rejection(() => ws.activities.create({ friendlyName: "" }));
    expect(missing.status).toBe(400);
    expect(missing.code).toBe(20001);
    expect(missing.message).toContain("FriendlyName");
    expect(missing.moreInfo).toBe("https://www.twilio.com/docs/errors/20001");
    const unknown = await rejection(() =>
      ws.activities("WA00000000000000000000000000000000").update({ friendlyName: "x" }),
    );
    expect(unknown.status).toBe(404);
    const malformed = await rejection(() => ws.activities("nope").fetch());
    expect(malformed.status).toBe(404);
  });
});

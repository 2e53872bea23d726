/** Tasklane's workspace settings (/tasklane/v1/Workspaces/{WS}/Settings), through real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("workspace settings", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function settings(wsSid: string, form?: Record<string, string>) {
    const response = await fetch(`${t.baseUrl}/tasklane/v1/Workspaces/${wsSid}/Settings`, {
      method: form ? "POST" : "GET",
      headers: {
        authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`,
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("sets, shows, persists and clears the disconnect activity and grace", async () => {
    const tr = t.client.taskrouter.v1;
    const ws = await tr.workspaces.create({ friendlyName: "settings" });
    const away = await tr.workspaces(ws.sid).activities.create({ friendlyName: "Away", available: false });
    expect((await settings(ws.sid)).body).toMatchObject({
      workspace_sid: ws.sid,
      disconnect_activity_sid: null,
      disconnect_grace_seconds: null,
    });
    const set = await settings(ws.sid, { DisconnectActivitySid: away.sid, DisconnectGraceSeconds: "45" });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      disconnect_activity_sid: away.sid,
      disconnect_activity_name: "Away",
      disconnect_grace_seconds: 45,
    });

    // TaskRouter's own Workspace resource is unchanged by Tasklane settings.
    const fetched = await tr.workspaces(ws.sid).fetch();
    expect(Object.keys(fetched.toJSON()).some((k) => k.toLowerCase().includes("disconnect"))).toBe(false);

    // The activity is in use: it cannot be deleted.
    await expect(tr.workspaces(ws.sid).activities(away.sid).remove()).rejects.toMatchObject({ status: 409 });

    await t.restart();
    expect((await settings(ws.sid)).body).toMatchObject({
      disconnect_activity_sid: away.sid,
      disconnect_grace_seconds: 45,
    });

    const cleared = await settings(ws.sid, { DisconnectActivitySid: "", DisconnectGraceSeconds: "" });
    expect(cleared.body).toMatchObject({ disconnect_activity_sid: null, disconnect_grace_seconds: null });
    await t.client.taskrouter.v1.workspaces(ws.sid).activities(away.sid).remove();
  });

  it("refuses bad values with Twilio errors naming the parameter, and changes nothing", async () => {
    const ws = await t.client.taskrouter.v1.workspaces.create({ friendlyName: "settings 2" });
    for (const [form, status] of [
      [{ DisconnectActivitySid: "offline" }, 400],
      [{ DisconnectActivitySid: `WA${"0".repeat(32)}` }, 400],
      [{ DisconnectGraceSeconds: "-1" }, 400],
      [{ DisconnectGraceSeconds: "100000" }, 400],
    ] as const) {
      const refused = await settings(ws.sid, form);
      expect(refused.status, JSON.stringify(form)).toBe(status);
      expect(String(refused.body.message)).toContain(Object.keys(form)[0]);
    }
    expect((await settings(ws.sid)).body).toMatchObject({
      disconnect_activity_sid: null,
      disconnect_grace_seconds: null,
    });
    expect((await settings(`WS${"0".repeat(32)}`)).status).toBe(404);
  });
});

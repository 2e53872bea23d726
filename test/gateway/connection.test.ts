/** The socket's life: token expiry and updateToken, a dropped connection, presence, closeExistingSessions. */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Fixture, next, type SdkWorker, SimulatedClock, startFixture, until } from "./harness.ts";

function activityOf(f: Fixture, workerSid: string): Promise<string> {
  return f.t.client.taskrouter.v1
    .workspaces(f.workspaceSid)
    .workers(workerSid)
    .fetch()
    .then((w) => w.activitySid);
}

function rawSocket(f: Fixture, query: string): Promise<{ ws: WebSocket; frames: string[] }> {
  const ws = new WebSocket(`${f.wsServer}?${query}`);
  const frames: string[] = [];
  ws.on("message", (data) => frames.push(String(data)));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, frames }));
    ws.once("error", reject);
  });
}

describe("worker SDK connection", () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  it("warns before the token expires, closes the socket at expiry and resumes after updateToken", async () => {
    const clock = new SimulatedClock(Date.now());
    f = await startFixture({ clock });
    const wk = await f.createWorker("tess");
    const worker = f.connect(wk, {}, f.token(wk, 6));
    await next(worker, "ready");
    // Listened for from the start: on a loaded machine the SDK's real-time warning can come late
    // enough that the close follows it before a listener added afterwards would be in place.
    // Generous: on a loaded machine the close can take a few seconds to reach the SDK.
    const disconnected = next<{ message: string }>(worker, "disconnected", 30_000);
    // token_lifetime ~6 s: the SDK warns 5 s before, so after about one second.
    await next(worker, "tokenExpired", 10_000);
    await f.t.advance(7_000);
    expect((await disconnected).message).toContain("expired");

    const staleCall = await fetch(f.ebServer, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: JSON.stringify({
        url: `Workspaces/${f.workspaceSid}/Workers/${wk}`,
        method: "GET",
        params: {},
        token: f.token(wk, -1),
      }),
    });
    expect(staleCall.status).toBe(401);

    const readyAgain = next<SdkWorker>(worker, "ready");
    worker.updateToken(f.token(wk, 3600));
    expect((await readyAgain).sid).toBe(wk);
    await worker.activities.get(f.activities.available)?.setAsCurrent();
    expect(await activityOf(f, wk)).toBe(f.activities.available);
  });

  it("reconnects after the server drops the socket and learns what happened meanwhile from init", async () => {
    f = await startFixture();
    const wk = await f.createWorker("dora");
    const worker = f.connect(wk);
    await next(worker, "ready");
    await worker.activities.get(f.activities.available)?.setAsCurrent();

    const disconnected = next(worker, "disconnected");
    for (const conn of f.t.server.gateway.sockets.connections.ofWorker(f.workspaceSid, wk)) {
      conn.socket.terminate();
    }
    await disconnected;
    const taskSid = await f.createTask({ type: "while away" });
    await next(worker, "ready", 5000);
    const held = [...worker.reservations.values()];
    expect(held).toHaveLength(1);
    expect(held[0]?.status).toBe("pending");
    expect(held[0]?.task.sid).toBe(taskSid);
    expect(held[0]?.task.attributes).toEqual({ type: "while away" });
    expect(worker.activity.sid).toBe(f.activities.available);
    await held[0]?.accept();
  });

  it("setWorkerOfflineIfDisconnected moves the worker offline once its last socket is gone", async () => {
    f = await startFixture();
    const wk = await f.createWorker("olga");
    const worker = f.connect(wk, { setWorkerOfflineIfDisconnected: true });
    await next(worker, "ready");
    await worker.activities.get(f.activities.available)?.setAsCurrent();
    expect(await activityOf(f, wk)).toBe(f.activities.available);
    worker.disconnect();
    await until(async () => (await activityOf(f, wk)) === f.activities.offline);
  });

  it("a reconnect within the grace period keeps the worker's activity", async () => {
    f = await startFixture();
    const wk = await f.createWorker("gina");
    await f.t.client.taskrouter.v1
      .workspaces(f.workspaceSid)
      .workers(wk)
      .update({ activitySid: f.activities.available });
    const query = `token=${f.token(wk)}&closeExistingSessions=false&setWorkerOfflineIfDisconnected=true`;
    const first = await rawSocket(f, query);
    first.ws.close();
    await new Promise((resolve) => first.ws.once("close", resolve));
    const second = await rawSocket(f, query);
    await new Promise((resolve) => setTimeout(resolve, 400)); // twice the 0.2 s grace
    expect(await activityOf(f, wk)).toBe(f.activities.available);
    second.ws.close();
    await until(async () => (await activityOf(f, wk)) === f.activities.offline);
  });

  it("TASKLANE_DISCONNECT_ACTIVITY_SID applies to every worker whose last socket is gone", async () => {
    f = await startFixture();
    f.t.server.gateway.config.disconnectActivitySid = f.activities.unavailable;
    const wk = await f.createWorker("una");
    const socket = await rawSocket(f, `token=${f.token(wk)}&closeExistingSessions=false`);
    socket.ws.close();
    await until(async () => (await activityOf(f, wk)) === f.activities.unavailable);
  });

  it("the workspace's own disconnect activity and grace (Settings) win over the server's", async () => {
    f = await startFixture();
    f.t.server.gateway.config.disconnectActivitySid = f.activities.offline;
    const settings = await fetch(`${f.t.baseUrl}/tasklane/v1/Workspaces/${f.workspaceSid}/Settings`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${f.t.accountSid}:${f.t.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `DisconnectActivitySid=${f.activities.unavailable}&DisconnectGraceSeconds=0.05`,
    });
    expect(settings.status).toBe(200);
    const wk = await f.createWorker("wanda");
    const socket = await rawSocket(f, `token=${f.token(wk)}&closeExistingSessions=false`);
    socket.ws.close();
    await until(async () => (await activityOf(f, wk)) === f.activities.unavailable);
  });

  it("sends init first with the worker and a token lifetime in ms, then heartbeats", async () => {
    f = await startFixture();
    const wk = await f.createWorker("ivan");
    const { ws, frames } = await rawSocket(f, `token=${f.token(wk, 600)}&closeExistingSessions=false`);
    await until(() => frames.length >= 3);
    const init = JSON.parse(frames[0] ?? "{}");
    expect(init.event_type).toBe("init");
    expect(init.payload).toMatchObject({
      channel_id: wk,
      account_sid: f.t.accountSid,
      workspace_sid: f.workspaceSid,
    });
    expect(init.payload.token_lifetime).toBeGreaterThan(590_000);
    expect(init.payload.token_lifetime).toBeLessThanOrEqual(600_000);
    expect(frames[1]).toBe(" ");
    ws.close();
  });

  it("closeExistingSessions=true closes the worker's other sockets", async () => {
    f = await startFixture();
    const wk = await f.createWorker("cleo");
    const old = await rawSocket(f, `token=${f.token(wk)}&closeExistingSessions=false`);
    const closed = new Promise<number>((resolve) => old.ws.once("close", (code) => resolve(code)));
    const fresh = await rawSocket(f, `token=${f.token(wk)}&closeExistingSessions=true`);
    expect(await closed).toBe(4409);
    await until(() => f.t.server.gateway.sockets.connections.ofWorker(f.workspaceSid, wk).length === 1);
    expect(fresh.ws.readyState).toBe(WebSocket.OPEN);
    fresh.ws.close();
  });
});

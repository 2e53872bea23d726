/**
 * Issue 10 items 9 and 16 on the websocket: refused before the 101 when the token is bad, a bounded
 * handshake, small inbound frames, a cap on sockets per worker, and sockets closed when the API key
 * that signed their token is revoked (at once through the API, at the next heartbeat otherwise).
 */
import type { IncomingMessage } from "node:http";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MAX_INBOUND_FRAME_BYTES } from "../../src/gateway/socket/socket-server.ts";
import { type Fixture, next, type SdkReservation, type SdkWorker, startFixture, until } from "./harness.ts";

type Outcome =
  | { kind: "open"; ws: WebSocket }
  | { kind: "refused"; status: number; body: { code?: number; message?: string; status?: number } }
  | { kind: "dropped" };

/** Opens a raw socket and reports whether it was upgraded, refused (with the answer) or dropped. */
function attempt(f: Fixture, query: string): Promise<Outcome> {
  const ws = new WebSocket(`${f.wsServer}?${query}`);
  return new Promise((resolve) => {
    ws.once("open", () => resolve({ kind: "open", ws }));
    ws.once("unexpected-response", (_request, response: IncomingMessage) => {
      let text = "";
      response.on("data", (chunk) => {
        text += String(chunk);
      });
      response.on("end", () =>
        resolve({ kind: "refused", status: response.statusCode ?? 0, body: JSON.parse(text) }),
      );
    });
    ws.once("error", () => resolve({ kind: "dropped" }));
  });
}

async function opened(f: Fixture, query: string): Promise<WebSocket> {
  const outcome = await attempt(f, query);
  if (outcome.kind !== "open") throw new Error(`expected a websocket, got ${JSON.stringify(outcome)}`);
  return outcome.ws;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
}

function tokenSignedBy(f: Fixture, key: { sid: string; secret: string }, workerSid: string): string {
  const at = new twilio.jwt.AccessToken(f.t.accountSid, key.sid, key.secret, {
    identity: workerSid,
    ttl: 600,
  });
  at.addGrant(
    new twilio.jwt.AccessToken.TaskRouterGrant({ workspaceSid: f.workspaceSid, workerSid, role: "worker" }),
  );
  return at.toJwt();
}

describe("worker websocket limits", () => {
  let f: Fixture;
  afterEach(async () => {
    await f.close();
  });

  it("refuses a bad token before the 101, with Twilio's error as the HTTP answer", async () => {
    f = await startFixture();
    const wk = await f.createWorker("eve");
    const good = f.token(wk);
    const forged = `${good.slice(0, good.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
    const cases: Array<[string, number, number, string]> = [
      [forged, 401, 20107, "signature"],
      [f.token(wk, -10), 401, 20104, "expired"],
      ["", 401, 20101, "no token"],
      [f.token(`WK${"0".repeat(32)}`), 403, 20403, "does not exist"],
    ];
    for (const [token, status, code, words] of cases) {
      const outcome = await attempt(f, `token=${token}&closeExistingSessions=false`);
      expect(outcome).toMatchObject({ kind: "refused", status, body: { code, status } });
      if (outcome.kind === "refused") expect(outcome.body.message).toContain(words);
    }
    expect(f.t.server.gateway.sockets.connections.all()).toHaveLength(0);
  });

  it("drops a handshake whose authentication does not finish in time", async () => {
    f = await startFixture();
    const wk = await f.createWorker("hank");
    f.t.server.gateway.config.handshakeTimeoutMs = 200;
    const store = f.t.server.store;
    const real = store.getApiKey.bind(store);
    store.getApiKey = () => new Promise(() => {}); // a store that never answers
    try {
      const started = Date.now();
      expect(await attempt(f, `token=${f.token(wk)}&closeExistingSessions=false`)).toEqual({
        kind: "dropped",
      });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      store.getApiKey = real;
    }
    expect(f.t.server.gateway.sockets.connections.all()).toHaveLength(0);
  });

  it("the SDK sends no data frames; a frame over the bound closes the socket (1009)", async () => {
    f = await startFixture();
    const wk = await f.createWorker("sid");
    const worker = f.connect(wk);
    await next(worker, "ready");
    const inbound: number[] = [];
    for (const conn of f.t.server.gateway.sockets.connections.ofWorker(f.workspaceSid, wk)) {
      conn.socket.on("message", (data: Buffer) => inbound.push(data.length));
    }
    const created = next<SdkReservation>(worker, "reservationCreated");
    await worker.activities.get(f.activities.available)?.setAsCurrent();
    await f.createTask();
    const reservation = await created;
    await reservation.accept();
    await reservation.task.wrapUp({ reason: "done" });
    await reservation.task.complete("resolved");
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few heartbeats
    expect(inbound).toEqual([]);

    const ws = await opened(f, `token=${f.token(wk)}&closeExistingSessions=false`);
    const closed = closeOf(ws);
    ws.send("x".repeat(MAX_INBOUND_FRAME_BYTES + 1));
    expect((await closed).code).toBe(1009);
  });

  it("caps the sockets of one worker; closeExistingSessions=true still gets in", async () => {
    f = await startFixture({ env: { TASKLANE_WS_MAX_SOCKETS_PER_WORKER: "2" } });
    const wk = await f.createWorker("cap");
    const query = `token=${f.token(wk)}&closeExistingSessions=false`;
    const first = await opened(f, query);
    const second = await opened(f, query);
    const third = await attempt(f, query);
    expect(third).toMatchObject({ kind: "refused", status: 429, body: { code: 20429, status: 429 } });
    if (third.kind === "refused") expect(third.body.message).toContain("TASKLANE_WS_MAX_SOCKETS_PER_WORKER");
    // Another worker is not affected.
    const other = await f.createWorker("other");
    (await opened(f, `token=${f.token(other)}&closeExistingSessions=false`)).close();
    const replaced = [closeOf(first), closeOf(second)];
    const fresh = await opened(f, `token=${f.token(wk)}&closeExistingSessions=true`);
    expect((await Promise.all(replaced)).map((c) => c.code)).toEqual([4409, 4409]);
    fresh.close();
  });

  it("closes the sockets of a key revoked through the API at once, not at a heartbeat", async () => {
    // Heartbeats (and so the periodic key check) every 15 s: only the revoke hook can be this fast.
    f = await startFixture({ env: { TASKLANE_WS_HEARTBEAT_MS: "15000" } });
    const wk = await f.createWorker("rev");
    const key = await f.t.client.newKeys.create({ friendlyName: "to revoke" });
    const worker = f.connect(wk, {}, tokenSignedBy(f, key, wk));
    await next<SdkWorker>(worker, "ready");
    await worker.activities.get(f.activities.available)?.setAsCurrent();
    // A socket signed by the fixture's own key stays open.
    const bystander = await opened(
      f,
      `token=${f.token(await f.createWorker("by"))}&closeExistingSessions=false`,
    );

    const disconnected = next<{ message: string }>(worker, "disconnected", 2000);
    const started = Date.now();
    await f.t.client.keys(key.sid).remove();
    expect((await disconnected).message).toContain("revoked");
    expect(Date.now() - started).toBeLessThan(2000);
    // Reconnecting with the revoked token is refused before the 101: the SDK reports it as a
    // connection failure ("error", which a Node program must listen to) and gets no reservation.
    const failures: Array<{ name: string }> = [];
    worker.on("error", (error: { name: string }) => failures.push(error));
    let offered = 0;
    worker.on("reservationCreated", () => {
      offered++;
    });
    await f.createTask();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the SDK retries about every second
    expect(offered).toBe(0);
    expect(failures.map((e) => e.name)).toContain("GATEWAY_CONNECTION_FAILED");
    expect(f.t.server.gateway.sockets.connections.ofWorker(f.workspaceSid, wk)).toHaveLength(0);
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    bystander.close();
  });

  it("closes the sockets of a key deleted by another process at the next heartbeat", async () => {
    f = await startFixture();
    const wk = await f.createWorker("cli");
    const key = await f.t.client.newKeys.create({ friendlyName: "revoked by the CLI" });
    const ws = await opened(f, `token=${tokenSignedBy(f, key, wk)}&closeExistingSessions=false`);
    const closed = closeOf(ws);
    // What `tasklane keys revoke` does, on the same database, without telling this server.
    expect(await f.t.server.store.deleteApiKey(key.sid)).toBe(true);
    const { code, reason } = await closed;
    expect(code).toBe(4401);
    expect(reason).toContain(key.sid);
    await until(() => f.t.server.gateway.sockets.connections.ofWorker(f.workspaceSid, wk).length === 0);
  });
});

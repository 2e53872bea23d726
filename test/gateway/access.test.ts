/**
 * Access tokens and what a worker token may do: refusals (signature, revoked key, expiry, account,
 * workspace, another worker's objects), the Workspace class, paging, CORS, and the two ways Tasklane
 * mints tokens (the Token endpoint and `tasklane token`).
 */
import twilio from "twilio";
import taskrouter from "twilio-taskrouter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenCommand } from "../../src/cli/token.ts";
import { loadConfig } from "../../src/config/config.ts";
import { mintAccessToken } from "../../src/gateway/tokens/access-token.ts";
import { type Fixture, next, type SdkReservation, type SdkWorker, startFixture } from "./harness.ts";

interface EbAnswer {
  status: number;
  body: { payload?: Record<string, unknown>; message?: string; code?: number };
}

describe("worker tokens", () => {
  let f: Fixture;
  let alice: string;
  let bob: string;
  let bobsReservation: SdkReservation;
  let bobWorker: SdkWorker;

  async function eb(token: string, url: string, method = "GET", params: object = {}): Promise<EbAnswer> {
    const response = await fetch(f.ebServer, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", apiVersion: "v1" },
      body: JSON.stringify({ url, method, params, token }),
    });
    return { status: response.status, body: (await response.json()) as EbAnswer["body"] };
  }
  const ws = (path: string) => `Workspaces/${f.workspaceSid}/${path}`;

  beforeAll(async () => {
    f = await startFixture();
    alice = await f.createWorker("alice");
    bob = await f.createWorker("bob");
    bobWorker = f.connect(bob);
    await next(bobWorker, "ready");
    const created = next<SdkReservation>(bobWorker, "reservationCreated");
    await bobWorker.activities.get(f.activities.available)?.setAsCurrent();
    await f.createTask();
    bobsReservation = await created;
  });
  afterAll(async () => {
    await f.close();
  });

  it("refuses another worker's reservation, task and worker, with the SDK's error format", async () => {
    const token = f.token(alice);
    const r = bobsReservation.sid;
    const viaBob = await eb(token, ws(`Workers/${bob}/Reservations/${r}`), "POST", {
      ReservationStatus: "accepted",
    });
    expect(viaBob.status).toBe(403);
    expect(viaBob.body.message).toContain(alice);
    const viaAlice = await eb(token, ws(`Workers/${alice}/Reservations/${r}`), "POST", {
      ReservationStatus: "accepted",
    });
    expect(viaAlice.status).toBe(403);
    expect(viaAlice.body.message).toContain("belongs to another worker");
    expect((await eb(token, ws(`Tasks/${bobsReservation.task.sid}`))).status).toBe(403);
    expect(
      (await eb(token, ws(`Workers/${bob}`), "POST", { ActivitySid: f.activities.offline })).status,
    ).toBe(403);
    // Reads of the workspace's workers, activities and queues are allowed.
    expect((await eb(token, ws(`Workers/${bob}`))).status).toBe(200);
    const state = await f.t.client.taskrouter.v1
      .workspaces(f.workspaceSid)
      .tasks(bobsReservation.task.sid)
      .fetch();
    expect(state.assignmentStatus).toBe("reserved");
  });

  it("the SDK surfaces a refusal as REQUEST_INVALID with the server's message", async () => {
    const workspace = new taskrouter.Workspace(f.token(alice), {
      ebServer: f.ebServer,
      logLevel: "silent",
    } as object);
    const refusal = await workspace.fetchTask(bobsReservation.task.sid).then(
      () => null,
      (error: { name: string; message: string }) => error,
    );
    expect(refusal?.name).toBe("REQUEST_INVALID");
    expect(refusal?.message).toContain("403");
    expect(refusal?.message).toContain("holds no reservation");
  });

  it("lets a worker update itself and create an outbound task routed to itself", async () => {
    const worker = f.connect(alice);
    await next(worker, "ready");
    const updated = await worker.setAttributes({ languages: ["en"] });
    expect(updated.attributes).toEqual({ languages: ["en"] });
    const taskSid = await worker.createTask("+15550001", "+15550002", f.workflowSid, f.queueSid);
    const task = await f.t.client.taskrouter.v1.workspaces(f.workspaceSid).tasks(taskSid).fetch();
    expect(task.routingTarget).toBe(alice);
    expect(JSON.parse(task.attributes)).toMatchObject({ outbound_to: "+15550001", from: "+15550002" });
    worker.disconnect();
  });

  it("rejects bad tokens with 401 and a reason", async () => {
    const good = f.token(alice);
    const forged = `${good.slice(0, good.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
    const wrongSig = await eb(forged, ws(`Workers/${alice}`));
    expect(wrongSig).toMatchObject({ status: 401, body: { code: 20107 } });
    expect(wrongSig.body.message).toContain("signature");

    const expired = await eb(f.token(alice, -10), ws(`Workers/${alice}`));
    expect(expired).toMatchObject({ status: 401, body: { code: 20104 } });

    const key = await f.t.client.newKeys.create({ friendlyName: "soon revoked" });
    const revokedToken = mintAccessToken({
      key: { ...key, accountSid: f.t.accountSid, friendlyName: "", dateCreated: 0, dateUpdated: 0 },
      workspaceSid: f.workspaceSid,
      workerSid: alice,
      ttlSeconds: 600,
      now: Date.now(),
    }).token;
    const before = await eb(revokedToken, ws(`Workers/${alice}`));
    expect(before.status).toBe(200);
    await f.t.client.keys(key.sid).remove();
    const revoked = await eb(revokedToken, ws(`Workers/${alice}`));
    expect(revoked).toMatchObject({ status: 401, body: { code: 20103 } });
    expect(revoked.body.message).toContain("revoked");

    const otherAccount = new twilio.jwt.AccessToken(`AC${"1".repeat(32)}`, f.key.sid, f.key.secret, {
      identity: "x",
      ttl: 60,
    });
    otherAccount.addGrant(
      new twilio.jwt.AccessToken.TaskRouterGrant({
        workspaceSid: f.workspaceSid,
        workerSid: alice,
        role: "worker",
      }),
    );
    expect(await eb(otherAccount.toJwt(), ws(`Workers/${alice}`))).toMatchObject({ status: 401 });
    expect(await eb("", ws(`Workers/${alice}`))).toMatchObject({ status: 401 });
  });

  it("refuses tokens that live longer than Twilio's 24 hours (20157), as the SDK reports them", async () => {
    const longLived = new twilio.jwt.AccessToken(f.t.accountSid, f.key.sid, f.key.secret, {
      identity: alice,
      ttl: 86_401,
    });
    longLived.addGrant(
      new twilio.jwt.AccessToken.TaskRouterGrant({
        workspaceSid: f.workspaceSid,
        workerSid: alice,
        role: "worker",
      }),
    );
    const answer = await eb(longLived.toJwt(), ws(`Workers/${alice}`));
    expect(answer).toMatchObject({ status: 401, body: { code: 20157 } });
    expect(answer.body.message).toContain("24 hours");
    const workspace = new taskrouter.Workspace(longLived.toJwt(), {
      ebServer: f.ebServer,
      logLevel: "silent",
    } as object);
    const refusal = await workspace.fetchWorkers().then(
      () => null,
      (error: { name: string; message: string }) => error,
    );
    expect(refusal?.name).toBe("REQUEST_INVALID");
    expect(refusal?.message).toContain("401");
    expect(refusal?.message).toContain("24 hours");
    // A hand-made token with exp=1e12 signed by a real key.
    const forever = mintAccessToken({
      key: { ...f.key, accountSid: f.t.accountSid, friendlyName: "", dateCreated: 0, dateUpdated: 0 },
      workspaceSid: f.workspaceSid,
      workerSid: alice,
      ttlSeconds: 1e12 - Math.floor(Date.now() / 1000),
      now: Date.now(),
    }).token;
    expect(await eb(forever, ws(`Workers/${alice}`))).toMatchObject({ status: 401, body: { code: 20157 } });
  });

  it("confines a token to its workspace", async () => {
    const tr = f.t.client.taskrouter.v1;
    const other = await tr.workspaces.create({ friendlyName: "other" });
    const stranger = await tr.workspaces(other.sid).workers.create({ friendlyName: "stranger" });
    const at = new twilio.jwt.AccessToken(f.t.accountSid, f.key.sid, f.key.secret, {
      identity: "x",
      ttl: 60,
    });
    at.addGrant(
      new twilio.jwt.AccessToken.TaskRouterGrant({
        workspaceSid: other.sid,
        workerSid: stranger.sid,
        role: "worker",
      }),
    );
    const answer = await eb(at.toJwt(), ws("Activities"));
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain(other.sid);
    // A token naming a worker of another workspace is refused too.
    const mixed = new twilio.jwt.AccessToken(f.t.accountSid, f.key.sid, f.key.secret, {
      identity: "x",
      ttl: 60,
    });
    mixed.addGrant(
      new twilio.jwt.AccessToken.TaskRouterGrant({
        workspaceSid: f.workspaceSid,
        workerSid: stranger.sid,
        role: "worker",
      }),
    );
    expect((await eb(mixed.toJwt(), ws("Activities"))).status).toBe(403);
  });

  it("serves the Workspace class: workers, task queues, the worker's own task", async () => {
    const workspace = new taskrouter.Workspace(f.token(bob), {
      ebServer: f.ebServer,
      logLevel: "silent",
    } as object);
    const workers = await workspace.fetchWorkers();
    expect([...workers.keys()].sort()).toEqual([alice, bob].sort());
    const queues = await workspace.fetchTaskQueues();
    expect([...queues.values()].map((q) => q.queueName)).toContain("Sample Queue");
    const task = await workspace.fetchTask(bobsReservation.task.sid);
    expect(task.sid).toBe(bobsReservation.task.sid);
  });

  it("pages lists with after_sid / AfterSid", async () => {
    const first = await eb(f.token(bob), ws("Activities"), "GET", { PageSize: 2 });
    const page1 = first.body.payload as { contents: Array<{ sid: string }>; after_sid: string | null };
    expect(page1.contents).toHaveLength(2);
    expect(page1.after_sid).toBe(page1.contents[1]?.sid);
    const second = await eb(f.token(bob), ws("Activities"), "GET", {
      PageSize: 2,
      AfterSid: page1.after_sid,
    });
    const page2 = second.body.payload as { contents: Array<{ sid: string }>; after_sid: string | null };
    expect(page2.contents).toHaveLength(1);
    expect(page2.after_sid).toBeNull();
  });

  it("answers CORS preflights", async () => {
    const response = await fetch(f.ebServer, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("apiVersion");
    expect(response.headers.get("access-control-allow-headers")).toContain("If-Match");
  });

  it("mints tokens on the Token endpoint (Basic auth) that the SDK accepts", async () => {
    const url = `${f.t.baseUrl}/tasklane/v1/Workspaces/${f.workspaceSid}/Workers/${alice}/Token`;
    const basic = `Basic ${Buffer.from(`${f.key.sid}:${f.key.secret}`).toString("base64")}`;
    const response = await fetch(url, {
      method: "POST",
      headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
      body: "Ttl=120",
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; expires_at: string; api_key_sid: string };
    expect(body.api_key_sid).toBe(f.key.sid);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now() + 100_000);
    const worker = f.connect(alice, {}, body.token);
    expect((await next<SdkWorker>(worker, "ready")).sid).toBe(alice);
    worker.disconnect();
    expect((await fetch(url, { method: "POST" })).status).toBe(401);
  });

  it("mints supervisor tokens with Role=supervisor (and refuses other roles) for the SDK's Supervisor", async () => {
    const sue = await f.createWorker("sue-endpoint");
    const url = `${f.t.baseUrl}/tasklane/v1/Workspaces/${f.workspaceSid}/Workers/${sue}/Token`;
    const basic = `Basic ${Buffer.from(`${f.key.sid}:${f.key.secret}`).toString("base64")}`;
    const mint = (form: string) =>
      fetch(url, {
        method: "POST",
        headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
        body: form,
      });
    const response = await mint("Role=supervisor");
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; role: string };
    expect(body.role).toBe("supervisor");
    const supervisor = new taskrouter.Supervisor(body.token, {
      ebServer: f.ebServer,
      wsServer: f.wsServer,
      logLevel: "silent",
    });
    await next(supervisor as unknown as SdkWorker, "ready");
    await supervisor.setWorkerAttributes(alice, { dept: "support", by: "supervisor" });
    const after = await f.t.client.taskrouter.v1.workspaces(f.workspaceSid).workers(alice).fetch();
    expect(JSON.parse(after.attributes)).toMatchObject({ by: "supervisor" });
    supervisor.disconnect();
    // The default is a worker token: another worker is out of its reach.
    const workerToken = ((await (await mint("")).json()) as { token: string; role: string }).token;
    expect((await eb(workerToken, ws(`Workers/${alice}`), "POST", { Attributes: "{}" })).status).toBe(403);
    const refused = await mint("Role=admin");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ status: 400, message: expect.stringContaining("Role") });
  });

  it("mints tokens with `tasklane token`", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    const config = loadConfig({ DATABASE_URL: "memory:" });
    const args = ["--workspace", f.workspaceSid, "--worker", alice, "--ttl", "300"];
    expect(await tokenCommand(args, config, f.t.server.store, io)).toBe(0);
    expect(out).toHaveLength(1);
    const worker = f.connect(alice, {}, out[0]);
    expect((await next<SdkWorker>(worker, "ready")).sid).toBe(alice);
    worker.disconnect();
    expect(
      await tokenCommand(
        ["--workspace", f.workspaceSid, "--worker", `WK${"0".repeat(32)}`],
        config,
        f.t.server.store,
        io,
      ),
    ).toBe(1);
    expect(await tokenCommand(["--worker"], config, f.t.server.store, io)).toBe(2);
    // --role supervisor: the SDK's Supervisor class connects with it; other roles are refused.
    out.length = 0;
    const supervising = [...args, "--role", "supervisor"];
    expect(await tokenCommand(supervising, config, f.t.server.store, io)).toBe(0);
    const supervisor = new taskrouter.Supervisor(out[0] ?? "", {
      ebServer: f.ebServer,
      wsServer: f.wsServer,
      logLevel: "silent",
    });
    await next(supervisor as unknown as SdkWorker, "ready");
    supervisor.disconnect();
    expect(err.at(-1)).toMatch(/^Supervisor token for WK/);
    expect(await tokenCommand([...args, "--role", "owner"], config, f.t.server.store, io)).toBe(2);
    expect(err.at(-1)).toContain('--role must be worker or supervisor, got "owner"');
  });
});

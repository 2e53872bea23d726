/**
 * A started Tasklane (memory store) plus what the worker SDK needs: a FIFO workspace ("Sample
 * Queue" 1==1, "Default Fifo Workflow"), an API key, access tokens made by the official
 * twilio.jwt.AccessToken, and `twilio-taskrouter` Workers pointed at the gateway. Heartbeats
 * every 100 ms and a 0.2 s disconnect grace keep the tests fast.
 */
import type { EventEmitter } from "node:events";
import twilio from "twilio";
import taskrouter from "twilio-taskrouter";
import { SimulatedClock, startTestServer, type TestServer } from "../support/server.ts";

export type SdkWorker = InstanceType<typeof taskrouter.Worker>;
export type { Reservation as SdkReservation, Task as SdkTask } from "twilio-taskrouter";

export interface Fixture {
  t: TestServer;
  workspaceSid: string;
  workflowSid: string;
  queueSid: string;
  activities: { offline: string; available: string; unavailable: string };
  key: { sid: string; secret: string };
  ebServer: string;
  wsServer: string;
  createWorker(name: string, attributes?: object): Promise<string>;
  /** A token made by twilio.jwt.AccessToken (real wall clock for iat/exp); role "worker" by default. */
  token(workerSid: string, ttlSeconds?: number, role?: string): string;
  connect(workerSid: string, options?: Record<string, unknown>, token?: string): SdkWorker;
  createTask(attributes?: object): Promise<string>;
  close(): Promise<void>;
}

export async function startFixture(
  options: { env?: Record<string, string>; clock?: SimulatedClock; database?: "memory" | "sqlite" } = {},
): Promise<Fixture> {
  const t = await startTestServer({
    database: options.database ?? "memory",
    ...(options.clock ? { clock: options.clock } : {}),
    env: { TASKLANE_WS_HEARTBEAT_MS: "100", TASKLANE_DISCONNECT_GRACE_SECONDS: "0.2", ...options.env },
  });
  const tr = t.client.taskrouter.v1;
  const ws = await tr.workspaces.create({ friendlyName: "sdk", template: "FIFO" });
  const activities = await tr.workspaces(ws.sid).activities.list();
  const sidOf = (name: string) => activities.find((a) => a.friendlyName === name)?.sid ?? "";
  const [queue] = await tr.workspaces(ws.sid).taskQueues.list();
  const [workflow] = await tr.workspaces(ws.sid).workflows.list();
  const key = await t.client.newKeys.create({ friendlyName: "sdk tests" });
  const workers: SdkWorker[] = [];
  const base = `127.0.0.1:${t.server.port}/v1/wschannels`;
  const fixture: Fixture = {
    t,
    workspaceSid: ws.sid,
    workflowSid: workflow?.sid ?? "",
    queueSid: queue?.sid ?? "",
    activities: {
      offline: sidOf("Offline"),
      available: sidOf("Available"),
      unavailable: sidOf("Unavailable"),
    },
    key: { sid: key.sid, secret: key.secret },
    ebServer: `http://${base}`,
    wsServer: `ws://${base}`,
    async createWorker(name, attributes = {}) {
      const w = await tr.workspaces(ws.sid).workers.create({
        friendlyName: name,
        attributes: JSON.stringify(attributes),
      });
      return w.sid;
    },
    token(workerSid, ttlSeconds = 3600, role = "worker") {
      const at = new twilio.jwt.AccessToken(t.accountSid, key.sid, key.secret, {
        identity: workerSid,
        ttl: ttlSeconds,
      });
      at.addGrant(new twilio.jwt.AccessToken.TaskRouterGrant({ workspaceSid: ws.sid, workerSid, role }));
      return at.toJwt();
    },
    connect(workerSid, extra = {}, token) {
      const worker = new taskrouter.Worker(token ?? fixture.token(workerSid), {
        ebServer: fixture.ebServer,
        wsServer: fixture.wsServer,
        logLevel: "silent",
        ...extra,
      });
      workers.push(worker);
      return worker;
    },
    async createTask(attributes = { type: "support" }) {
      const task = await tr.workspaces(ws.sid).tasks.create({
        workflowSid: workflow?.sid ?? "",
        attributes: JSON.stringify(attributes),
      });
      return task.sid;
    },
    async close() {
      for (const w of workers) w.disconnect();
      await t.close();
    },
  };
  return fixture;
}

/** Resolves with the first `event` emitted by `emitter` (rejects after `ms`). */
export function next<T = unknown>(emitter: EventEmitter | SdkWorker, event: string, ms = 5000): Promise<T> {
  const target = emitter as EventEmitter;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.off(event, on);
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    const on = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    target.once(event, on);
  });
}

/** Polls `check` until it returns true (for state reached through the server, e.g. presence). */
export async function until(check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export { SimulatedClock };

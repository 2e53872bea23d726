/**
 * The real twilio-taskrouter SDK in real Chromium (docs/worker-sdk.md, "In the browser"): the
 * package's browser bundle (dist/index.window.js), with the dependencies it leaves to a bundler
 * (axios, events, lodash, loglevel, jwt-decode, graphql-ws, ws) bundled by Vite as a browser
 * application would, is served by this test from its own origin (so CORS is exercised too). Alice's
 * desktop runs in the page: connect with a token, go available, receive a reservation, accept, COLD
 * transfer to bob (an SDK worker in Node), wrap and complete her own reservation; bob completes.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_FLAGS } from "../console/harness.ts";
import { type Fixture, next, type SdkReservation, type SdkTask, startFixture } from "./harness.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** The SDK's browser build and its dependencies as one classic script defining `TaskRouter`. */
async function bundleSdk(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "warn",
    root: ROOT,
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(ROOT, "node_modules", "twilio-taskrouter", "dist", "index.window.js"),
        formats: ["iife"],
        name: "TaskRouter",
        fileName: () => "twilio-taskrouter.js",
      },
    },
  });
  const result = Array.isArray(out) ? out[0] : out;
  if (result === undefined || !("output" in result)) throw new Error("vite gave no bundle");
  const chunk = result.output[0];
  return chunk.code;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>agent desktop</title>
<script src="/twilio-taskrouter.js"></script></head><body><ul id="log"></ul></body></html>`;

/** What the page records: SDK events with what the test checks about them. */
interface Logged {
  event: string;
  sid?: string;
  status?: string;
  taskSid?: string;
  transferStatus?: string;
}

let f: Fixture;
let browser: Browser;
let page: Page;
let site: Server;

beforeAll(async () => {
  const [code, fixture] = await Promise.all([bundleSdk(), startFixture()]);
  f = fixture;
  site = createServer((req, res) => {
    if (req.url === "/twilio-taskrouter.js")
      res.writeHead(200, { "Content-Type": "text/javascript" }).end(code);
    else res.writeHead(200, { "Content-Type": "text/html" }).end(PAGE);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  page = await (await browser.newContext()).newPage();
  page.on("pageerror", (error) => console.error(`[page] ${error.message}`));
  const address = site.address();
  await page.goto(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`);
}, 30_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
  await f?.close();
});

/** The page's records of `event`, once there are `count` of them. */
async function logged(event: string, count = 1): Promise<Logged[]> {
  await page.waitForFunction(
    ([name, n]) =>
      (globalThis as unknown as { log: Logged[] }).log.filter((e) => e.event === name).length >= n,
    [event, count] as const,
    { timeout: 5000 },
  );
  const log = await page.evaluate(() => (globalThis as unknown as { log: Logged[] }).log);
  return log.filter((e) => e.event === event);
}

describe("twilio-taskrouter in Chromium", () => {
  it("connects, accepts, transfers COLD to a worker, wraps and completes", async () => {
    const aliceSid = await f.createWorker("alice", { contact_uri: "client:alice" });
    const bobSid = await f.createWorker("bob", { contact_uri: "client:bob" });
    const bob = f.connect(bobSid);
    await next(bob, "ready");

    // Alice's desktop, in the page, with only a token and the two addresses.
    const ready = await page.evaluate(
      ({ token, ebServer, wsServer }) => {
        type Emitter = { on(event: string, listener: (value: never) => void): void };
        const sdk = (globalThis as unknown as { TaskRouter: Record<string, unknown> }).TaskRouter;
        const Worker = (sdk.Worker ?? (sdk.default as Record<string, unknown>).Worker) as new (
          token: string,
          options: object,
        ) => Emitter & {
          sid: string;
          activities: Map<string, { available: boolean; setAsCurrent(): Promise<unknown> }>;
        };
        const log: Logged[] = [];
        const w = globalThis as unknown as { log: Logged[]; worker: unknown; reservation: unknown };
        w.log = log;
        const worker = new Worker(token, { ebServer, wsServer, logLevel: "error" });
        w.worker = worker;
        type Res = Emitter & {
          sid: string;
          status: string;
          task: Emitter & {
            sid: string;
            status: string;
            transfers: { outgoing: (Emitter & { status: string }) | null };
          };
        };
        worker.on("reservationCreated", (reservation: Res) => {
          w.reservation = reservation;
          log.push({
            event: "reservationCreated",
            sid: reservation.sid,
            status: reservation.status,
            taskSid: reservation.task.sid,
          });
          for (const name of ["accepted", "wrapup", "completed", "canceled"])
            reservation.on(name, (r: Res) =>
              log.push({ event: `reservation.${name}`, sid: r.sid, status: r.status }),
            );
          reservation.task.on("transferInitiated", (outgoing: Emitter & { status: string }) => {
            log.push({ event: "transferInitiated", transferStatus: outgoing.status });
            outgoing.on("completed", (done: { status: string }) =>
              log.push({ event: "transfer.completed", transferStatus: done.status }),
            );
          });
        });
        return new Promise<string>((resolve, reject) => {
          worker.on("error", (error: Error) => reject(new Error(String(error.message))));
          worker.on("ready", async () => {
            const available = [...worker.activities.values()].find((a) => a.available);
            await available?.setAsCurrent();
            resolve(worker.sid);
          });
        });
      },
      { token: f.token(aliceSid), ebServer: f.ebServer, wsServer: f.wsServer },
    );
    expect(ready).toBe(aliceSid);

    const taskSid = await f.createTask({ type: "support", customer: "Ada" });
    const [created] = await logged("reservationCreated");
    expect(created).toMatchObject({ taskSid, status: "pending" });

    await page.evaluate(() =>
      (globalThis as unknown as { reservation: { accept(): Promise<unknown> } }).reservation.accept(),
    );
    expect((await logged("reservation.accepted")).at(-1)).toMatchObject({ status: "accepted" });

    // COLD transfer to bob (available only now), from the browser.
    const rest = f.t.client.taskrouter.v1.workspaces(f.workspaceSid);
    await rest.workers(bobSid).update({ activitySid: f.activities.available });
    const offered = next<SdkReservation>(bob, "reservationCreated");
    await page.evaluate(
      (to) =>
        (
          globalThis as unknown as {
            reservation: { task: { transfer(to: string, o: object): Promise<unknown> } };
          }
        ).reservation.task.transfer(to, { mode: "COLD" }),
      bobSid,
    );
    expect((await logged("transferInitiated"))[0]?.transferStatus).toBe("initiated");
    expect((await logged("reservation.wrapup")).at(-1)).toMatchObject({ status: "wrapping" });
    const theirs = await offered;
    expect(theirs.task.sid).toBe(taskSid);
    expect(theirs.task.transfers.incoming?.mode).toBe("COLD");
    await theirs.accept();
    expect((await logged("transfer.completed"))[0]?.transferStatus).toBe("complete");

    // Alice completes her own reservation in the page; the task stays with bob, who completes it.
    await page.evaluate(() =>
      (globalThis as unknown as { reservation: { complete(): Promise<unknown> } }).reservation.complete(),
    );
    expect((await logged("reservation.completed")).at(-1)).toMatchObject({ status: "completed" });
    expect((await rest.tasks(taskSid).fetch()).assignmentStatus).toBe("assigned");
    const done = next<SdkTask>(theirs.task, "completed");
    await theirs.task.complete("resolved by bob");
    expect((await done).status).toBe("completed");
  }, 20_000);
});

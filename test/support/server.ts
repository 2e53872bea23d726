/**
 * Starts a real Tasklane server for a test: port 0 on 127.0.0.1, a temporary SQLite file (default)
 * or memory, optionally a SimulatedClock, and the official twilio SDK as client.
 *
 *   const t = await startTestServer({ clock: new SimulatedClock() });
 *   await t.client.taskrouter.v1.workspaces.create({ friendlyName: "w" });
 *   await t.advance(30_000);   // moves the simulated clock and waits for the ticks it caused
 *   await t.close();
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, loadConfig } from "../../src/config/config.ts";
import { SimulatedClock } from "../../src/domain/clock.ts";
import type { SidSource } from "../../src/domain/sid.ts";
import { advanceClockTo } from "../../src/runtime/clock-control.ts";
import type { EffectSink, EngineFactory } from "../../src/runtime/ports.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import type { Store } from "../../src/store/port.ts";
import { clientFor, type TwilioClient } from "./twilio-client.ts";

export interface TestServerOptions {
  database?: "sqlite" | "memory";
  clock?: SimulatedClock;
  engines?: EngineFactory;
  sids?: SidSource;
  sink?: EffectSink;
  /** A store of the test's own (e.g. one that fails on demand); overrides `database`. */
  store?: Store;
  env?: Record<string, string>;
}

export interface TestServer {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  client: TwilioClient;
  clock: SimulatedClock | undefined;
  /** The current server (replaced by restart()). */
  server: RunningServer;
  /** A twilio client with other credentials (API keys, wrong tokens). */
  clientAs(username: string, password: string): TwilioClient;
  /** Stop the server and start a new one on the same database, port and clock; `client` is renewed. */
  restart(): Promise<void>;
  /** Advance the simulated clock and wait until the ticks it triggered are committed. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "tasklane-test-"));
  const database = options.database === "memory" ? "memory:" : `sqlite:${join(dir, "tasklane.db")}`;
  const env = { PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database, ...options.env };
  const config: Config = loadConfig(env);
  const boot = () =>
    startServer({
      config,
      env,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.engines ? { engines: options.engines } : {}),
      ...(options.sids ? { sids: options.sids } : {}),
      ...(options.sink ? { sink: options.sink } : {}),
      ...(options.store ? { store: options.store } : {}),
    });
  const first = await boot();
  // Later starts reuse the first port, so base URLs and clients stay valid across restart().
  config.port = first.port;
  const baseUrl = `http://127.0.0.1:${first.port}`;
  const { accountSid, authToken } = first.credentials;
  const handle: TestServer = {
    baseUrl,
    accountSid,
    authToken,
    client: clientFor(baseUrl, accountSid, authToken),
    clock: options.clock,
    server: first,
    clientAs: (username, password) => clientFor(baseUrl, username, password, accountSid),
    async restart() {
      if (options.database === "memory")
        throw new Error("startTestServer: restart() needs the sqlite database");
      await handle.server.close();
      // Let the client side see the closed keep-alive sockets (Node's global agent pools them)
      // before the new server takes the same port.
      await new Promise((resolve) => setTimeout(resolve, 20));
      handle.server = await boot();
      // A fresh client: the old one's keep-alive sockets point at the closed server.
      handle.client = clientFor(baseUrl, accountSid, authToken);
    },
    async advance(ms) {
      if (!options.clock) throw new Error("startTestServer: pass a SimulatedClock to advance time");
      // Step through every timer on the way, as /tasklane/v1/Clock does.
      await advanceClockTo(handle.server.runtime, options.clock, options.clock.now() + ms);
    },
    async close() {
      await handle.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

export { SimulatedClock };

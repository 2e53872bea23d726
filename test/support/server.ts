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
import type { EffectSink, EngineFactory } from "../../src/runtime/ports.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { clientFor, type TwilioClient } from "./twilio-client.ts";

export interface TestServerOptions {
  database?: "sqlite" | "memory";
  clock?: SimulatedClock;
  engines?: EngineFactory;
  sids?: SidSource;
  sink?: EffectSink;
  env?: Record<string, string>;
}

export interface TestServer {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  client: TwilioClient;
  clock: SimulatedClock | undefined;
  server: RunningServer;
  /** A twilio client with other credentials (API keys, wrong tokens). */
  clientAs(username: string, password: string): TwilioClient;
  /** Advance the simulated clock and wait until the ticks it triggered are committed. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "tasklane-test-"));
  const database = options.database === "memory" ? "memory:" : `sqlite:${join(dir, "tasklane.db")}`;
  const env = { PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database, ...options.env };
  const config: Config = loadConfig(env);
  const server = await startServer({
    config,
    env,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.engines ? { engines: options.engines } : {}),
    ...(options.sids ? { sids: options.sids } : {}),
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const { accountSid, authToken } = server.credentials;
  return {
    baseUrl,
    accountSid,
    authToken,
    client: clientFor(baseUrl, accountSid, authToken),
    clock: options.clock,
    server,
    clientAs: (username, password) => clientFor(baseUrl, username, password, accountSid),
    async advance(ms) {
      if (!options.clock) throw new Error("startTestServer: pass a SimulatedClock to advance time");
      options.clock.advance(ms);
      await server.runtime.idle();
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { SimulatedClock };

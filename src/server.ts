/**
 * Composition root: config -> store -> credentials -> runtime (engine, clock, timers, effects) -> API
 * and the worker gateway (src/gateway: the twilio-taskrouter SDK's HTTP and websocket endpoints).
 * `startServer` is what `npm start` runs and what the tests start on port 0.
 */
import type { FastifyInstance } from "fastify";
import { buildApp } from "./api/app.ts";
import { basicAuthenticator } from "./api/auth/basic-auth.ts";
import { makeDeps } from "./api/context.ts";
import { type Config, type Env, publicUrlFor } from "./config/config.ts";
import { type ResolvedCredentials, resolveCredentials } from "./config/credentials.ts";
import { SimulatedClock, systemClock } from "./domain/clock.ts";
import { randomSids, type SidSource } from "./domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG } from "./engine/view.ts";
import { loadEventsConfig } from "./events/config.ts";
import { EventsService } from "./events/events-service.ts";
import { gatewayAware, loadGatewayConfig, type MountedGateway, mountGateway } from "./gateway/index.ts";
import { AccountRuntime } from "./runtime/account-runtime.ts";
import type { EffectSink, EngineFactory, RuntimeClock } from "./runtime/ports.ts";
import { openStore } from "./store/open-store.ts";
import type { Store } from "./store/port.ts";

export interface ServerOptions {
  config: Config;
  /** The environment the config came from (to know whether TASKLANE_PUBLIC_URL was set). */
  env?: Env;
  clock?: RuntimeClock;
  sids?: SidSource;
  /** Defaults to the real WorkspaceEngine; tests may pass a fake. */
  engines?: EngineFactory;
  sink?: EffectSink;
  /** Defaults to the adapter DATABASE_URL names; tests may pass their own (closed by close()). */
  store?: Store;
  logger?: boolean;
}

export interface RunningServer {
  /** Base of every URL the API returns. */
  publicUrl: string;
  port: number;
  credentials: ResolvedCredentials;
  runtime: AccountRuntime;
  store: Store;
  /** Event and assignment callbacks, retention (tests wait on `events.idle()`). */
  events: EventsService;
  app: FastifyInstance;
  /** The worker SDK gateway (its open sockets and settings). */
  gateway: MountedGateway;
  /** Stop accepting requests, let in-flight ones and their writes finish, close the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const clock =
    options.clock ??
    (config.clock.mode === "simulated" ? new SimulatedClock(config.clock.start ?? Date.now()) : systemClock);
  const sids = options.sids ?? randomSids;
  const store = options.store ?? openStore(config.database);
  try {
    const credentials = await resolveCredentials(config, store);
    const events = new EventsService({
      store,
      clock,
      authToken: credentials.authToken,
      config: loadEventsConfig(options.env ?? {}),
    });
    const extraSink = options.sink;
    const runtime = await AccountRuntime.start({
      accountSid: credentials.accountSid,
      store,
      engines: options.engines ?? (await loadWorkspaceEngine()),
      engineConfig: { ...DEFAULT_ENGINE_CONFIG, terminalTaskRetentionMs: config.taskRetentionSeconds * 1000 },
      clock,
      sids,
      sink: {
        deliver: (batch) => {
          events.sink.deliver(batch);
          extraSink?.deliver(batch);
        },
      },
      planOutbox: events.planOutbox,
    });
    events.bind(runtime);
    await events.start();
    const deps = makeDeps({ runtime, store, clock, sids, publicUrl: config.publicUrl });
    // The worker gateway's paths authenticate with access tokens instead of Basic auth.
    const authenticator = gatewayAware(basicAuthenticator(credentials, store), credentials.accountSid);
    const app = await buildApp({ deps, authenticator, logger: options.logger ?? false });
    const gatewayConfig = loadGatewayConfig(options.env ?? {});
    const gateway = await mountGateway(app, { runtime, store, clock, sids, config: gatewayConfig }, deps);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    deps.publicUrl = publicUrlFor(config, options.env ?? {}, port);
    let closing: Promise<void> | null = null;
    return {
      publicUrl: deps.publicUrl,
      port,
      credentials,
      runtime,
      store,
      events,
      app,
      gateway,
      close: () => {
        closing ??= (async () => {
          await app.close();
          await events.stop();
          await runtime.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function loadWorkspaceEngine(): Promise<EngineFactory> {
  const { WorkspaceEngine } = await import("./engine/workspace-engine.ts");
  return WorkspaceEngine;
}

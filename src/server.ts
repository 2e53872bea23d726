/**
 * Composition root: config -> store -> credentials -> runtime (engine, clock, timers, effects) -> API
 * and the worker gateway (src/gateway: the twilio-taskrouter SDK's HTTP and websocket endpoints).
 * `startServer` is what `npm start` runs and what the tests start on port 0.
 *
 * With a store several nodes may share (PostgreSQL: `store.acquireWriterLease`), a node first answers
 * as a standby (503, src/failover/standby.ts) until it holds the writer lease, then loads the state
 * and serves on the same port. If it loses the lease it answers as a standby at once, its writes are
 * refused by the store, and `onLeaseLost` runs (default: close and exit, to restart as a standby).
 */
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { buildApp } from "./api/app.ts";
import { basicAuthenticator, credentialCheck } from "./api/auth/basic-auth.ts";
import { sessionAware } from "./api/auth/session-auth.ts";
import { SessionStore } from "./api/auth/sessions.ts";
import { mountConsole } from "./api/console/index.ts";
import { makeDeps } from "./api/context.ts";
import { loadingGate } from "./api/loading-gate.ts";
import { ClusterNode, clusterTrust, registerClusterRoutes } from "./cluster/index.ts";
import { type Config, type Env, publicUrlFor } from "./config/config.ts";
import { type ResolvedCredentials, resolveCredentials } from "./config/credentials.ts";
import { SimulatedClock, systemClock } from "./domain/clock.ts";
import { randomSids, type SidSource } from "./domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG } from "./engine/view.ts";
import { eventCallbackQueuePlugin } from "./events/api/callback-queue.ts";
import { loadEventsConfig } from "./events/config.ts";
import { EventsService } from "./events/events-service.ts";
import { listenAsStandby, type StandbyListener, standbyGate } from "./failover/standby.ts";
import { gatewayAware, loadGatewayConfig, type MountedGateway, mountGateway } from "./gateway/index.ts";
import { eventCallbackBacklog } from "./metrics/backlog.ts";
import { TasklaneMetrics } from "./metrics/metrics.ts";
import { METRICS_PATH, metricsArePublic, metricsPlugin } from "./metrics/plugin.ts";
import { AccountRuntime } from "./runtime/account-runtime.ts";
import type { EffectSink, EngineFactory, RuntimeClock } from "./runtime/ports.ts";
import { openStore } from "./store/open-store.ts";
import type { Store, WriterLease } from "./store/port.ts";
import { registerCallRoutes } from "./voice/http/calls-routes.ts";
import { VoiceService } from "./voice/voice-service.ts";

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
  /** The server's log (src/logging/logger.ts); none when absent (tests). */
  logger?: Logger;
  /** Told where a standby node listens while it waits for the writer lease (default: a log line). */
  onStandby?: (url: string) => void;
  /** The active node lost the writer lease (default: log, close, exit 1). */
  onLeaseLost?: (server: RunningServer, error: Error) => void;
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
  /** Simulated voice calls (src/voice): tests wait on `voice.idle()`. */
  voice: VoiceService;
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
  let standby: StandbyListener | null = null;
  // Cluster mode (src/cluster): no node-wide lease; writes are fenced per workspace.
  const cluster = config.cluster === null ? null : ClusterNode.prepare(store, config.cluster);
  try {
    const writer = cluster === null ? await becomeWriter(store, options) : { lease: null, standby: null };
    const lease = writer.lease;
    standby = writer.standby;
    const credentials = await resolveCredentials(config, store);
    const events = new EventsService({
      store,
      clock,
      authToken: credentials.authToken,
      config: loadEventsConfig(options.env ?? {}),
      ...(options.logger ? { log: eventsLog(options.logger) } : {}),
    });
    const extraSink = options.sink;
    // Built once the runtime and the gateway exist; the sink reaches it through this binding.
    let metrics: TasklaneMetrics | null = null;
    const metricsPublic = metricsArePublic(options.env ?? {});
    let voice: VoiceService | null = null;
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
          metrics?.observe(batch);
          extraSink?.deliver(batch);
          voice?.sink.deliver(batch);
        },
      },
      planOutbox: events.planOutbox,
      loadAtStart: cluster === null,
      // Restored workspaces answer while the rest load (503 + Retry-After for those; src/api/loading-gate.ts).
      restoreInBackground: true,
    });
    events.bind(runtime);
    const voiceService = new VoiceService({ runtime, clock, authToken: credentials.authToken });
    voice = voiceService;
    await events.start();
    const deps = makeDeps({
      runtime,
      store,
      clock,
      sids,
      publicUrl: config.publicUrl,
      eventStreamsPerWorkspace: config.http.maxEventStreamsPerWorkspace,
    });
    // The worker gateway's paths authenticate with access tokens instead of Basic auth.
    // The console's session cookie is accepted beside Basic auth (src/api/auth/session-auth.ts).
    const sessions = new SessionStore();
    const check = credentialCheck(credentials, store);
    const rest = sessionAware(basicAuthenticator(credentials, store), sessions, check);
    const trusted = cluster === null ? rest : clusterTrust(rest, credentials.authToken);
    const authenticator = gatewayAware(trusted, credentials.accountSid);
    const app = await buildApp({
      deps,
      authenticator,
      logger: options.logger ?? false,
      limits: config.http,
      publicPaths: metricsPublic ? [METRICS_PATH] : [],
    });
    await app.register(eventCallbackQueuePlugin, { deps, delivery: events.eventCallbacks });
    await mountConsole(app, { sessions, check, publicHttps: () => deps.publicUrl.startsWith("https:") });
    const gatewayConfig = loadGatewayConfig(options.env ?? {});
    const gateway = await mountGateway(
      app,
      { runtime, store, clock, sids, config: gatewayConfig, conferences: voiceService },
      deps,
    );
    const live = new TasklaneMetrics({
      runtime,
      openWebsockets: () => gateway.sockets.openCount,
      eventCallbackBacklog: () => eventCallbackBacklog(store, events),
    });
    events.client.observer = (kind, ms, ok) => live.callback(kind, ms, ok);
    if (options.logger) logSlowCommits(runtime, options.logger);
    metrics = live;
    await app.register(metricsPlugin(live));
    registerCallRoutes(app, voiceService, () => deps.publicUrl);
    if (cluster === null) registerClusterRoutes(app, null);
    else
      cluster.mount(app, {
        runtime,
        events,
        gateway,
        deps,
        secret: credentials.authToken,
        log: clusterLog(options),
      });
    cluster?.registerMetrics(live.registry, () => runtime.workspaces().length);
    let leaseLost = false;
    standbyGate(app, () => leaseLost);
    loadingGate(app, runtime);
    // A standby keeps answering 503 while the state loads, and hands its port over only now.
    await standby?.close();
    await app.listen({ port: standby?.port ?? config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    deps.publicUrl = publicUrlFor(config, options.env ?? {}, port);
    await cluster?.start(publicUrlFor(config, {}, port));
    let closing: Promise<void> | null = null;
    const running: RunningServer = {
      publicUrl: deps.publicUrl,
      port,
      credentials,
      runtime,
      store,
      events,
      app,
      gateway,
      voice: voiceService,
      close: () => {
        closing ??= (async () => {
          await cluster?.leave();
          await voiceService.stop();
          await app.close();
          await events.stop();
          await runtime.close();
          await store.close();
          await cluster?.close();
        })();
        return closing;
      },
    };
    // Listening already: restored workspaces answer while the rest load. The promise resolves once
    // every one is restored, so callers in this process see the whole state; a workspace that
    // cannot be restored (an unreadable row without quarantine) stops the server as before.
    try {
      await runtime.restored;
    } catch (error) {
      await running.close();
      throw error;
    }
    void lease?.lost.then((error) => {
      leaseLost = true;
      (options.onLeaseLost ?? exitOnLeaseLost)(running, error);
    });
    return running;
  } catch (error) {
    await standby?.close();
    await store.close();
    await cluster?.close();
    throw error;
  }
}

/**
 * Without a writer lease (memory, SQLite) the node is the writer at once. With one, it connects first
 * (an unreachable database fails here), then, if another node holds the lease, listens as a standby
 * until the lease is its own. The standby listener is returned open: the caller closes it right
 * before the active app listens on its port.
 */
async function becomeWriter(
  store: Store,
  options: ServerOptions,
): Promise<{ lease: WriterLease | null; standby: StandbyListener | null }> {
  const { config } = options;
  if (store.acquireWriterLease === undefined) return { lease: null, standby: null };
  await store.getAccount();
  const waiting: { standby?: StandbyListener } = {};
  try {
    const lease = await store.acquireWriterLease(async () => {
      waiting.standby = await listenAsStandby(config.host, config.port);
      const url = publicUrlFor(config, options.env ?? {}, waiting.standby.port);
      (
        options.onStandby ??
        ((at) => console.log(`Tasklane is a standby on ${at} (it serves once the active node is gone)`))
      )(url);
    });
    return { lease, standby: waiting.standby ?? null };
  } catch (error) {
    await waiting.standby?.close();
    throw error;
  }
}

function exitOnLeaseLost(server: RunningServer, error: Error): void {
  server.app.log.error({ err: error }, "writer lease lost");
  console.error(`${error.message}; this node stops serving and exits (restart it to rejoin as a standby)`);
  // A connection stuck on a partitioned network must not keep the process alive.
  setTimeout(() => process.exit(1), 5000).unref();
  server.close().finally(() => process.exit(1));
}

/** The cluster agent's lines (claims, hand-overs, lost workspaces). */
function clusterLog(options: ServerOptions): (line: string) => void {
  const logger = options.logger?.child({ component: "cluster" });
  return (line) => (logger ? logger.warn(line) : console.warn(line));
}

/** Callback failures and the like, from the events service, as warnings. */
function eventsLog(logger: Logger): (line: string) => void {
  const events = logger.child({ component: "events" });
  return (line) => events.warn(line);
}

/** A group commit slower than this is logged (the metrics observe every one). */
const SLOW_COMMIT_MS = 200;

function logSlowCommits(runtime: AccountRuntime, logger: Logger): void {
  const observed = runtime.commits.observer;
  runtime.commits.observer = (writes, ms, ok) => {
    observed?.(writes, ms, ok);
    if (!ok) logger.error({ writes, ms: Math.round(ms) }, "group commit failed");
    else if (ms >= SLOW_COMMIT_MS) logger.warn({ writes, ms: Math.round(ms) }, "slow group commit");
  };
}

async function loadWorkspaceEngine(): Promise<EngineFactory> {
  const { WorkspaceEngine } = await import("./engine/workspace-engine.ts");
  return WorkspaceEngine;
}

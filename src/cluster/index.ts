/**
 * Cluster mode (TASKLANE_CLUSTER=1, docs/cluster.md): several active nodes on one PostgreSQL
 * database, each workspace owned by one of them.
 *
 *   settings.ts       the cluster settings block
 *   membership.ts     this node's session: registration, heartbeat, liveness by advisory lock
 *   registry.ts       the cluster tables: nodes, workspace leases, pins
 *   placement.ts      rendezvous hashing with a per-node limit and pins (pure)
 *   agent.ts          the rounds: claim, adopt, hand over, lose; leave at SIGTERM
 *   forwarder.ts      HTTP requests to the owner (undici Pool per owner), event streams included
 *   socket-proxy.ts   the worker SDK's websocket relayed to the owner
 *   trust.ts          credentials checked once: the forwarded principal, signed
 *   workspace-list.ts GET /v1/Workspaces gathered from every node
 *   cluster-routes.ts GET /tasklane/v1/Cluster, the pin
 * The composition root (src/server.ts) calls prepare() before the runtime starts (writes are fenced
 * per workspace from the first one), mount() before the app listens, start() after, leave() at
 * shutdown before the app closes.
 */
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import type { ApiDeps } from "../api/context.ts";
import type { ClusterSettings } from "../config/cluster-settings.ts";
import type { EventsService } from "../events/events-service.ts";
import type { MountedGateway } from "../gateway/index.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { Store } from "../store/port.ts";
import { createPool } from "../store/postgres/connection.ts";
import { WorkspaceFences } from "../store/postgres/lease.ts";
import { PostgresStore } from "../store/postgres/postgres-store.ts";
import { ClusterAgent } from "./agent.ts";
import { type ClusterView, registerClusterRoutes } from "./cluster-routes.ts";
import { Forwarder } from "./forwarder.ts";
import { registerClusterMetrics } from "./metrics.ts";
import { ClusterRegistry } from "./registry.ts";
import { SocketProxy } from "./socket-proxy.ts";
import { installWorkspaceList } from "./workspace-list.ts";

export { type ClusterSettings, loadClusterSettings } from "../config/cluster-settings.ts";
export { registerClusterRoutes } from "./cluster-routes.ts";
export { clusterTrust } from "./trust.ts";

/** A TCP socket to a peer that closes when the workspace leaves (1001: the SDK reconnects). */
const GOING_AWAY = 1001;

export interface MountOptions {
  runtime: AccountRuntime;
  events: EventsService;
  gateway: MountedGateway;
  deps: ApiDeps;
  /** Signs forwarded principals: the account's auth token. */
  secret: string;
  log: (line: string) => void;
}

export class ClusterNode {
  readonly fences = new WorkspaceFences();
  private readonly pool;
  private readonly registry: ClusterRegistry;
  private view: ClusterView | null = null;

  private constructor(
    private readonly store: PostgresStore,
    private readonly settings: ClusterSettings,
  ) {
    this.pool = createPool(store.target, { poolSize: 3, applicationName: "tasklane-cluster" });
    this.registry = new ClusterRegistry(this.pool);
    store.useWorkspaceFences(this.fences);
  }

  /** Fences the store per workspace; call before the runtime starts. */
  static prepare(store: Store, settings: ClusterSettings): ClusterNode {
    if (!(store instanceof PostgresStore)) throw new Error("cluster mode needs the PostgreSQL store");
    return new ClusterNode(store, settings);
  }

  /** Hooks, the socket proxy and the routes; call before the app listens. */
  mount(app: FastifyInstance, options: MountOptions): void {
    const { runtime, gateway } = options;
    let forwarder: Forwarder | null = null;
    const agent = new ClusterAgent({
      settings: this.settings,
      target: this.store.target,
      registry: this.registry,
      fences: this.fences,
      runtime,
      loadWorkspace: (sid) => this.store.loadWorkspace(sid),
      adopted: (sid) => options.events.eventCallbacks.notify(sid),
      leaving: (sid) => {
        for (const conn of gateway.sockets.connections.all()) {
          if (conn.grant.workspaceSid === sid)
            conn.socket.close(GOING_AWAY, "The workspace moved to another node");
        }
        forwarder?.closeStreams(sid);
      },
      log: options.log,
    });
    forwarder = new Forwarder({ agent, secret: options.secret, forwardWaitMs: this.settings.forwardWaitMs });
    // The node listens a moment before it has joined (it registers once it knows its port):
    // requests wait for that, health checks do not.
    app.addHook("onRequest", async (request) => {
      if (!request.url.startsWith("/healthz") && !request.url.startsWith("/readyz")) await agent.ready;
    });
    installWorkspaceList(app, { deps: options.deps, runtime, agent, forwarder });
    forwarder.install(app);
    const sockets = new SocketProxy(agent, this.settings.forwardWaitMs);
    sockets.install(app.server);
    this.view = { agent, registry: this.registry, forwarder, sockets };
    registerClusterRoutes(app, this.view);
  }

  /** Joins the cluster as `address` (TASKLANE_NODE_ADDRESS, or where the app listens). */
  async start(listeningAt: string): Promise<void> {
    await this.view?.agent.start(this.settings.address ?? listeningAt);
  }

  /** Adds the cluster's gauges and counters to the node's /metrics registry. */
  registerMetrics(registry: Registry, hosted: () => number): void {
    if (this.view !== null) registerClusterMetrics(registry, { ...this.view, hosted });
  }

  get agent(): ClusterAgent | null {
    return this.view?.agent ?? null;
  }

  /**
   * Hands every workspace over (the app still serves and forwards meanwhile), then leaves, then
   * keeps answering for a grace period before the app closes: the other nodes still hold this one
   * as the owner in their caches until a request of theirs gets its 421 (not the owner), and a
   * write sent on a keep-alive connection that the closing app cuts could not be retried safely.
   * The grace is two heartbeats, at most 2 s.
   */
  async leave(): Promise<void> {
    if (this.view === null) return;
    await this.view.agent.leave();
    const graceMs = Math.min(2 * this.settings.heartbeatMs, 2000);
    await new Promise((resolve) => setTimeout(resolve, graceMs));
  }

  async close(): Promise<void> {
    await this.view?.forwarder.close();
    await this.pool.end().catch(() => {});
  }
}

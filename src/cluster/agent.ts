/**
 * The cluster agent of one node: membership, placement and the workspaces coming and going.
 *
 * Each round (every heartbeatMs, sooner when kicked):
 *   1. heartbeat on the membership session (./membership.ts);
 *   2. read the nodes (with liveness) and the workspace leases;
 *   3. lost: a workspace this node hosts whose lease row names another node or token -> stop its
 *      writer at once (the store already refuses its writes), keep serving the others;
 *   4. adopt: a lease naming this node for a workspace not hosted yet (a hand-over to us) -> load it;
 *   5. claim: a workspace without a live owner (its node died, or it was released) that placement
 *      (./placement.ts) gives to this node -> bump its token (waiting for the old owner's writes in
 *      flight), load it, fire its due timers, resume its event callbacks;
 *   6. hand over: a workspace hosted here that placement gives to another live node -> hold its new
 *      requests, let those in flight and its queued writes finish, stop hosting it, write the new
 *      owner into the lease with a new token, close its sockets; the held requests then go to the
 *      new owner, which loads it on the first of them (or its next round).
 * leave() (SIGTERM) marks the node draining and hands every workspace over before the node exits.
 * A node that loses its membership session drops every workspace and registers again as a new node.
 */

import type { ClusterSettings } from "../config/cluster-settings.ts";
import type { PostgresTarget } from "../config/database-url.ts";
import type { WorkspaceSnapshot } from "../engine/view.ts";
import type { WorkspaceFences } from "../store/postgres/lease.ts";
import { Membership } from "./membership.ts";
import { type PlacementNode, place } from "./placement.ts";
import type { ClusterRegistry, LeaseRow, NodeRow, Owner } from "./registry.ts";

/** The part of the runtime the agent drives (AccountRuntime's cluster hooks). */
export interface HostedWorkspaces {
  adopt(snapshot: WorkspaceSnapshot): Promise<unknown>;
  letGo(sid: string, drain: boolean): Promise<void>;
  workspace(sid: string): unknown;
  workspaces(): ReadonlyArray<{ sid: string }>;
}

export interface AgentDeps {
  settings: ClusterSettings;
  target: PostgresTarget;
  registry: ClusterRegistry;
  fences: WorkspaceFences;
  runtime: HostedWorkspaces;
  loadWorkspace(sid: string): Promise<WorkspaceSnapshot | null>;
  /** A workspace came to this node (resume its event callbacks). */
  adopted(sid: string): void;
  /** A workspace leaves this node (close its sockets and event streams). */
  leaving(sid: string): void;
  log(line: string): void;
}

/** Where a request for a workspace goes. */
export type Route =
  | { kind: "local" }
  | { kind: "remote"; nodeId: number; address: string }
  | { kind: "unavailable"; reason: string };

/** Hand-overs one node runs at once (each drains one workspace's writer). */
const HANDOVERS_AT_ONCE = 2;
/** A request in flight longer than this does not hold a hand-over back. */
const DRAIN_WAIT_MS = 5000;

export class ClusterAgent {
  address = "";
  private membership: Membership | null = null;
  private nodeList: NodeRow[] = [];
  private readonly owners = new Map<string, Owner>();
  private readonly moving = new Map<string, Promise<void>>();
  private readonly adopting = new Map<string, Promise<boolean>>();
  private readonly inflight = new Map<string, number>();
  private readonly drained = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private rounds = 0;
  /** Counters for /tasklane/v1/Cluster and the metrics. */
  readonly counts = { claimed: 0, adopted: 0, handedOver: 0, lost: 0 };

  constructor(private readonly deps: AgentDeps) {}

  get nodeId(): number | null {
    return this.membership?.nodeId ?? null;
  }

  get nodes(): readonly NodeRow[] {
    return this.nodeList;
  }

  private joined: () => void = () => {};
  /** Resolves once this node has joined the cluster and run its first round. */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.joined = resolve;
  });

  async start(address: string): Promise<void> {
    this.address = address;
    await this.register();
    await this.tick();
    this.joined();
    if (!this.stopped) this.schedule(this.deps.settings.heartbeatMs);
  }

  /** Runs a round soon (a request met a workspace without a live owner). */
  kick(): void {
    if (this.stopped || this.ticking !== null) return;
    this.schedule(50);
  }

  /** Where a request for `sid` goes; waits (until `deadline`) while the workspace has no live owner. */
  async route(sid: string, deadline: number): Promise<Route> {
    for (;;) {
      const moving = this.moving.get(sid) ?? this.adopting.get(sid);
      if (moving !== undefined) {
        await moving;
        continue;
      }
      if (this.deps.fences.holds(sid) && this.deps.runtime.workspace(sid) !== undefined) {
        // Counted before anything else runs: a hand-over starting now waits for this request.
        this.enter(sid);
        return { kind: "local" };
      }
      const me = this.nodeId;
      const cached = this.owners.get(sid);
      if (cached?.alive && cached.nodeId !== null && cached.nodeId !== me && cached.address !== null) {
        return { kind: "remote", nodeId: cached.nodeId, address: cached.address };
      }
      const owner = await this.deps.registry.ownerOf(sid);
      if (owner === null) {
        // No lease: no such workspace (the local handler answers 404) or one being created here.
        this.enter(sid);
        return { kind: "local" };
      }
      if (owner.nodeId !== null && owner.nodeId === this.nodeId) {
        if (await this.adopt(sid)) continue;
      } else if (owner.alive && owner.nodeId !== null && owner.address !== null) {
        this.owners.set(sid, owner);
        return { kind: "remote", nodeId: owner.nodeId, address: owner.address };
      }
      if (Date.now() >= deadline) {
        return { kind: "unavailable", reason: `workspace ${sid} has no live node to serve it yet` };
      }
      this.kick();
      await sleep(100);
    }
  }

  /**
   * Before this node lists its workspaces: finish its hand-overs in progress and load every
   * workspace the lease table already gives it (a hand-over to it not picked up yet).
   */
  async settleOwned(): Promise<void> {
    await Promise.all([...this.moving.values(), ...this.adopting.values()]);
    const me = this.nodeId;
    if (me === null) return;
    const leases = await this.deps.registry.leases();
    const mine = leases.filter((lease) => lease.nodeId === me && !this.deps.fences.holds(lease.workspaceSid));
    await Promise.all(mine.map((lease) => this.adopt(lease.workspaceSid)));
  }

  /** Whether this node hosts the workspace now. */
  hosts(sid: string): boolean {
    return (
      this.deps.fences.holds(sid) && this.deps.runtime.workspace(sid) !== undefined && !this.moving.has(sid)
    );
  }

  /** The cached owner was wrong (it refused or did not answer): ask the database next time. */
  forget(sid: string): void {
    this.owners.delete(sid);
  }

  /** A local request of `sid` ended (pairs with the `local` answer of route()). */
  exit(sid: string): void {
    const left = (this.inflight.get(sid) ?? 1) - 1;
    if (left > 0) this.inflight.set(sid, left);
    else {
      this.inflight.delete(sid);
      this.drained.get(sid)?.();
    }
  }

  /** SIGTERM: placement gives this node nothing more; every workspace goes to the others. */
  async leave(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.ticking;
    const membership = this.membership;
    if (membership === null) return;
    try {
      await membership.drain();
      const [nodes, leases] = await Promise.all([this.deps.registry.nodes(), this.deps.registry.leases()]);
      const others = nodes.filter((node) => node.alive && !node.draining && node.id !== membership.nodeId);
      const plan = place(leases.map(placementOf), others.map(placementNode));
      const mine = this.deps.fences.heldSids();
      await inBatches(mine, 4, (sid) => this.handOver(sid, plan.get(sid) ?? null));
    } catch (error) {
      this.deps.log(
        `cluster: hand-over at shutdown failed (${message(error)}); the others take over when this node is gone`,
      );
    }
    await membership.close();
    this.membership = null;
  }

  /** What GET /tasklane/v1/Cluster shows. */
  async describe(): Promise<{ nodes: NodeRow[]; leases: LeaseRow[] }> {
    const [nodes, leases] = await Promise.all([this.deps.registry.nodes(), this.deps.registry.leases()]);
    return { nodes, leases };
  }

  private schedule(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => {
        if (!this.stopped && this.timer === null) this.schedule(this.deps.settings.heartbeatMs);
      });
    }, ms);
    this.timer.unref();
  }

  private tick(): Promise<void> {
    this.ticking ??= this.round()
      .catch((error: unknown) => this.deps.log(`cluster: placement round failed: ${message(error)}`))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async register(): Promise<void> {
    const { settings, target } = this.deps;
    const membership = await Membership.register(target, {
      address: this.address,
      maxWorkspaces: settings.maxWorkspaces,
      periodMs: settings.heartbeatMs,
    });
    this.membership = membership;
    this.deps.fences.nodeId = membership.nodeId;
    void membership.lost.then((error) => this.membershipLost(membership, error));
  }

  private async membershipLost(membership: Membership, error: Error): Promise<void> {
    if (this.membership !== membership) return;
    this.membership = null;
    this.deps.fences.nodeId = null;
    this.deps.log(`${error.message}; this node stops writing its workspaces and joins again`);
    this.deps.fences.dropAll("this node lost its cluster membership");
    for (const { sid } of [...this.deps.runtime.workspaces()]) await this.lose(sid, "membership lost");
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    if (this.membership === null) await this.register();
    const membership = this.membership;
    if (membership === null) return;
    const startedAt = Date.now();
    await membership.heartbeat();
    if (membership.isLost) return;
    const me = membership.nodeId;
    const { registry, fences } = this.deps;
    const [nodes, leases] = await Promise.all([registry.nodes(), registry.leases()]);
    this.nodeList = nodes;
    const byId = new Map(nodes.map((node) => [node.id, node]));
    this.owners.clear();
    for (const lease of leases) {
      const node = lease.nodeId === null ? undefined : byId.get(lease.nodeId);
      this.owners.set(lease.workspaceSid, {
        nodeId: lease.nodeId,
        address: node?.address ?? null,
        alive: node?.alive === true,
      });
    }
    const byWorkspace = new Map(leases.map((lease) => [lease.workspaceSid, lease]));
    for (const sid of fences.heldSids()) {
      if (this.moving.has(sid) || this.adopting.has(sid)) continue;
      const lease = byWorkspace.get(sid);
      // A workspace created here after this round read the table has no row in it yet.
      if (lease === undefined && (fences.since(sid) ?? 0) >= startedAt - 1000) continue;
      if (lease === undefined || lease.nodeId !== me || lease.token !== fences.token(sid)) {
        await this.lose(sid, lease === undefined ? "its lease is gone" : `node ${lease.nodeId} holds it now`);
      }
    }
    const live = nodes.filter((node) => node.alive && !node.draining);
    const plan = place(leases.map(placementOf), live.map(placementNode));
    let handovers = this.moving.size;
    for (const lease of leases) {
      const sid = lease.workspaceSid;
      if (this.moving.has(sid) || this.adopting.has(sid)) continue;
      const goal = plan.get(sid);
      const ownerAlive = lease.nodeId !== null && byId.get(lease.nodeId)?.alive === true;
      if (lease.nodeId === me && !fences.holds(sid)) void this.adopt(sid);
      else if (!ownerAlive && goal === me) void this.claim(sid, lease.nodeId);
      else if (lease.nodeId === me && goal !== undefined && goal !== me && handovers < HANDOVERS_AT_ONCE) {
        handovers += 1;
        void this.handOver(sid, goal);
      }
    }
    this.rounds += 1;
    if (this.rounds % 30 === 0) await registry.forgetDeadNodes(Date.now());
  }

  private async claim(sid: string, from: number | null): Promise<void> {
    const me = this.nodeId;
    if (me === null) return;
    const token = await this.deps.registry.claim(sid, from, me).catch((error: unknown) => {
      this.deps.log(`cluster: could not claim ${sid}: ${message(error)}`);
      return null;
    });
    if (token === null) return;
    this.counts.claimed += 1;
    this.deps.log(
      `cluster: node ${me} took workspace ${sid} (from ${from === null ? "nobody" : `node ${from}`})`,
    );
    await this.adopt(sid);
  }

  /** Loads a workspace whose lease names this node; false when it is not ours (or has no state). */
  private adopt(sid: string): Promise<boolean> {
    const running = this.adopting.get(sid);
    if (running !== undefined) return running;
    const work = (async () => {
      const { fences, registry, runtime } = this.deps;
      if (fences.holds(sid) && runtime.workspace(sid) !== undefined) return true;
      const me = this.nodeId;
      if (me === null) return false;
      const token = await registry.tokenOf(sid, me);
      if (token === null) return false;
      fences.hold(sid, token);
      const snapshot = await this.deps.loadWorkspace(sid);
      if (snapshot === null) {
        fences.drop(sid, "the workspace has no stored state");
        return false;
      }
      await runtime.adopt(snapshot);
      this.counts.adopted += 1;
      this.deps.adopted(sid);
      return true;
    })()
      .catch((error: unknown) => {
        this.deps.log(`cluster: could not load workspace ${sid}: ${message(error)}`);
        this.deps.fences.drop(sid, "loading it failed");
        return false;
      })
      .finally(() => this.adopting.delete(sid));
    this.adopting.set(sid, work);
    return work;
  }

  private async lose(sid: string, reason: string): Promise<void> {
    this.deps.fences.drop(sid, reason);
    this.counts.lost += 1;
    this.deps.log(`cluster: lost workspace ${sid} (${reason}); its writer stops, the node goes on`);
    this.deps.leaving(sid);
    await this.deps.runtime.letGo(sid, false);
  }

  /** Moves a hosted workspace to node `to` (null: unowned, for whoever placement names). */
  private handOver(sid: string, to: number | null): Promise<void> {
    const running = this.moving.get(sid);
    if (running !== undefined) return running;
    const work = (async () => {
      const me = this.nodeId;
      if (me === null) return;
      await this.requestsDone(sid);
      await this.deps.runtime.letGo(sid, true);
      const token = this.deps.fences.token(sid);
      this.deps.fences.drop(sid, to === null ? "released" : `handed over to node ${to}`);
      this.deps.leaving(sid);
      if (token === undefined) return;
      const moved = await this.deps.registry.handOver(sid, me, token, to);
      if (!moved) return;
      this.counts.handedOver += 1;
      const node = this.nodeList.find((n) => n.id === to);
      this.owners.set(sid, { nodeId: to, address: node?.address ?? null, alive: node !== undefined });
    })()
      .catch((error: unknown) => {
        this.deps.log(`cluster: hand-over of ${sid} failed: ${message(error)}`);
      })
      .finally(() => this.moving.delete(sid));
    this.moving.set(sid, work);
    return work;
  }

  private enter(sid: string): void {
    this.inflight.set(sid, (this.inflight.get(sid) ?? 0) + 1);
  }

  private requestsDone(sid: string): Promise<void> {
    if ((this.inflight.get(sid) ?? 0) === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, DRAIN_WAIT_MS);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.drained.set(sid, () => {
        this.drained.delete(sid);
        finish();
      });
    });
  }
}

function placementOf(lease: LeaseRow) {
  return { sid: lease.workspaceSid, pinnedTo: lease.pinnedTo };
}

function placementNode(node: NodeRow): PlacementNode {
  return { id: node.id, address: node.address, maxWorkspaces: node.maxWorkspaces };
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `GET /tasklane/v1/Cluster`: the nodes (alive, draining, heartbeats), which node owns which
 * workspace (with its fencing token and pin), and this node's forwarding counters.
 * `POST /tasklane/v1/Cluster/Workspaces/{WorkspaceSid}` with `PinnedTo=<node address>` pins a
 * workspace to a node (empty: unpinned); placement moves it at the next round.
 * Both answer on every node; without cluster mode, GET says so and the pin is refused.
 */
import type { FastifyInstance } from "fastify";
import { body } from "../api/context.ts";
import { invalidParameter, invalidState, notFound } from "../domain/errors.ts";
import type { ClusterAgent } from "./agent.ts";
import type { Forwarder } from "./forwarder.ts";
import type { ClusterRegistry } from "./registry.ts";
import type { SocketProxy } from "./socket-proxy.ts";

export const CLUSTER_PATH = "/tasklane/v1/Cluster";
export const PIN_PATH = "/tasklane/v1/Cluster/Workspaces/:WorkspaceSid";

export interface ClusterView {
  agent: ClusterAgent;
  registry: ClusterRegistry;
  forwarder: Forwarder;
  sockets: SocketProxy;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function registerClusterRoutes(app: FastifyInstance, cluster: ClusterView | null): void {
  app.get(CLUSTER_PATH, async () => {
    if (cluster === null) return { enabled: false, node_id: null, nodes: [], workspaces: [] };
    const { nodes, leases } = await cluster.agent.describe();
    const address = new Map(nodes.map((node) => [node.id, node.address]));
    return {
      enabled: true,
      node_id: cluster.agent.nodeId,
      nodes: nodes.map((node) => ({
        id: node.id,
        address: node.address,
        alive: node.alive,
        draining: node.draining,
        started_at: iso(node.startedAt),
        heartbeat_at: iso(node.heartbeatAt),
        max_workspaces: node.maxWorkspaces,
        workspaces: leases.filter((lease) => lease.nodeId === node.id).length,
      })),
      workspaces: leases.map((lease) => ({
        workspace_sid: lease.workspaceSid,
        node_id: lease.nodeId,
        address: lease.nodeId === null ? null : (address.get(lease.nodeId) ?? null),
        token: Number(lease.token),
        acquired_at: iso(lease.acquiredAt),
        pinned_to: lease.pinnedTo,
      })),
      this_node: {
        forwarded_requests: cluster.forwarder.stats.forwarded,
        forward_retries: cluster.forwarder.stats.retried,
        forward_failures: cluster.forwarder.stats.failed,
        proxied_sockets: cluster.sockets.open,
        ...renamed(cluster.agent.counts),
      },
    };
  });

  app.post<{ Params: { WorkspaceSid: string } }>(PIN_PATH, async (request) => {
    if (cluster === null)
      throw invalidState("Cluster mode is off (TASKLANE_CLUSTER=1): there is nothing to pin to");
    const sid = request.params.WorkspaceSid;
    const pinnedTo = body(request).string("PinnedTo", { maxLength: 2048 });
    if (pinnedTo === undefined)
      throw invalidParameter("PinnedTo", "expected a node address, or empty to unpin");
    const target = pinnedTo.replace(/\/$/, "");
    const nodes = await cluster.registry.nodes();
    if (target !== "" && !nodes.some((node) => node.address === target)) {
      throw invalidParameter("PinnedTo", `no node of the cluster has the address "${target}"`);
    }
    if (!(await cluster.registry.pin(sid, target === "" ? null : target))) throw notFound("Workspace", sid);
    cluster.agent.kick();
    return { workspace_sid: sid, pinned_to: target === "" ? null : target };
  });
}

function renamed(counts: ClusterAgent["counts"]) {
  return {
    workspaces_claimed: counts.claimed,
    workspaces_adopted: counts.adopted,
    workspaces_handed_over: counts.handedOver,
    workspaces_lost: counts.lost,
  };
}

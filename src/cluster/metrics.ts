/**
 * Per-node cluster metrics on the node's /metrics registry: live nodes as this node sees them, the
 * workspaces it hosts, and its forwarding and hand-over counters (the same as /tasklane/v1/Cluster's
 * `this_node`).
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { ClusterAgent } from "./agent.ts";
import type { Forwarder } from "./forwarder.ts";
import type { SocketProxy } from "./socket-proxy.ts";

export function registerClusterMetrics(
  registry: Registry,
  parts: { agent: ClusterAgent; forwarder: Forwarder; sockets: SocketProxy; hosted: () => number },
): void {
  const registers = [registry];
  const { agent, forwarder, sockets } = parts;
  new Gauge({
    name: "tasklane_cluster_nodes_alive",
    help: "Live nodes of the cluster, as this node saw them at its last round",
    registers,
    collect() {
      this.set(agent.nodes.filter((node) => node.alive).length);
    },
  });
  new Gauge({
    name: "tasklane_cluster_workspaces_hosted",
    help: "Workspaces this node hosts now",
    registers,
    collect() {
      this.set(parts.hosted());
    },
  });
  new Gauge({
    name: "tasklane_cluster_relayed_sockets",
    help: "Worker websockets this node relays to another node now",
    registers,
    collect() {
      this.set(sockets.open);
    },
  });
  const counted: Array<[string, string, () => number]> = [
    [
      "tasklane_cluster_forwarded_requests_total",
      "Requests this node forwarded to a workspace's owner",
      () => forwarder.stats.forwarded,
    ],
    [
      "tasklane_cluster_forward_retries_total",
      "Forwarded requests sent again (owner gone or moved)",
      () => forwarder.stats.retried,
    ],
    [
      "tasklane_cluster_forward_failures_total",
      "Forwarded writes whose owner failed mid-request",
      () => forwarder.stats.failed,
    ],
    [
      "tasklane_cluster_workspaces_claimed_total",
      "Workspaces this node took from a dead or absent owner",
      () => agent.counts.claimed,
    ],
    [
      "tasklane_cluster_workspaces_handed_over_total",
      "Workspaces this node handed to another node",
      () => agent.counts.handedOver,
    ],
    [
      "tasklane_cluster_workspaces_lost_total",
      "Workspaces whose lease this node found taken",
      () => agent.counts.lost,
    ],
  ];
  for (const [name, help, read] of counted) {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
}

/**
 * Where each workspace lives: rendezvous (highest-random-weight) hashing over the live nodes, with a
 * per-node limit and operator pins. Pure and deterministic: every node computes the same plan from the
 * same view of cluster_nodes and workspace_leases, so they agree without talking to each other.
 *
 *   weight(node, workspace) = a 32-bit hash of (node address, workspace SID); a workspace goes to the
 *   node of highest weight. A node joining takes about 1/N of the workspaces, only from the others
 *   (each moves to the newcomer alone), and a node leaving gives its share to the rest, spread evenly.
 *   Nodes are named by address, so a restarted node gets its workspaces back.
 *   Limit: workspaces are placed in SID order; a node at its limit is skipped for the next in rank.
 *   When every node is full the workspace goes to the least loaded one (served over the limit
 *   rather than not at all).
 *   Pin: a workspace pinned to a live node's address goes there whatever the weights and limits say;
 *   a pin to a node that is not alive is ignored until it is.
 */

export interface PlacementNode {
  id: number;
  address: string;
  maxWorkspaces: number | null;
}

export interface PlacementWorkspace {
  sid: string;
  pinnedTo: string | null;
}

/** FNV-1a over the UTF-16 units, then murmur3's finaliser so nearby SIDs spread. */
export function weight(address: string, workspaceSid: string): number {
  let h = 0x811c9dc5;
  const text = `${address}\n${workspaceSid}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Node ids by rank for one workspace: highest weight first, ties by id. */
export function ranking(nodes: readonly PlacementNode[], workspaceSid: string): PlacementNode[] {
  return nodes
    .map((node) => ({ node, w: weight(node.address, workspaceSid) }))
    .sort((a, b) => b.w - a.w || a.node.id - b.node.id)
    .map((entry) => entry.node);
}

/** The node id each workspace should live on (none when there is no node). */
export function place(
  workspaces: readonly PlacementWorkspace[],
  nodes: readonly PlacementNode[],
): Map<string, number> {
  const plan = new Map<string, number>();
  if (nodes.length === 0) return plan;
  const load = new Map(nodes.map((node) => [node.id, 0]));
  const byAddress = new Map(nodes.map((node) => [node.address, node]));
  const sorted = [...workspaces].sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
  const free: PlacementWorkspace[] = [];
  for (const ws of sorted) {
    const pinned = ws.pinnedTo === null ? undefined : byAddress.get(ws.pinnedTo);
    if (pinned === undefined) free.push(ws);
    else {
      plan.set(ws.sid, pinned.id);
      load.set(pinned.id, (load.get(pinned.id) ?? 0) + 1);
    }
  }
  for (const ws of free) {
    const ranked = ranking(nodes, ws.sid);
    const room = ranked.find(
      (node) => node.maxWorkspaces === null || (load.get(node.id) ?? 0) < node.maxWorkspaces,
    );
    const chosen =
      room ??
      ranked.reduce((best, node) => ((load.get(node.id) ?? 0) < (load.get(best.id) ?? 0) ? node : best));
    plan.set(ws.sid, chosen.id);
    load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1);
  }
  return plan;
}

/**
 * The cluster (docs/cluster.md) as `GET /tasklane/v1/Cluster` reports it, through the console's
 * session like every other view: the nodes (address, alive, draining, heartbeat, workspaces owned
 * and limit) and, per workspace, its owner, fencing token and pin. Without cluster mode the server
 * answers `{"enabled": false}` and the view says so. There is no event stream of the cluster: the
 * view re-reads every 5 s while it is open (and on Refresh).
 */
import { useEffect, useState } from "preact/hooks";
import { get } from "../../api/client.ts";

export interface ClusterNode {
  id: number;
  address: string;
  alive: boolean;
  draining: boolean;
  started_at: string | null;
  heartbeat_at: string | null;
  max_workspaces: number | null;
  workspaces: number;
}

export interface ClusterLease {
  workspace_sid: string;
  node_id: number | null;
  address: string | null;
  token: number;
  acquired_at: string | null;
  pinned_to: string | null;
}

export interface ClusterAnswer {
  enabled: boolean;
  node_id: number | null;
  nodes: ClusterNode[];
  workspaces: ClusterLease[];
  this_node?: Record<string, number>;
}

const REFRESH_MS = 5000;

export function ClusterView(props: { workspaceNames: Map<string, string> }) {
  const [answer, setAnswer] = useState<ClusterAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    let live = true;
    get<ClusterAnswer>("/tasklane/v1/Cluster")
      .then((a) => {
        if (!live) return;
        setAnswer(a);
        setError(null);
        setNow(Date.now());
      })
      .catch((e) => live && setError(e instanceof Error ? e.message : String(e)));
    const timer = setTimeout(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [version]);

  return (
    <section aria-labelledby="cluster-title">
      <div class="view-header">
        <h2 id="cluster-title">Cluster</h2>
        <button type="button" class="secondary" onClick={() => setVersion((v) => v + 1)}>
          Refresh
        </button>
      </div>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {answer === null && error === null && <p>Loading…</p>}
      {answer !== null && !answer.enabled && (
        <p role="status" data-testid="cluster-mode">
          Single node (cluster mode off): this server owns every workspace. Start the nodes with{" "}
          <code>TASKLANE_CLUSTER=1</code> on one PostgreSQL database to spread workspaces over several.
        </p>
      )}
      {answer?.enabled === true && (
        <ClusterTables answer={answer} now={now} workspaceNames={props.workspaceNames} />
      )}
    </section>
  );
}

function ClusterTables(props: { answer: ClusterAnswer; now: number; workspaceNames: Map<string, string> }) {
  const { answer, now } = props;
  const byId = new Map(answer.nodes.map((n) => [n.id, n]));
  const alive = answer.nodes.filter((n) => n.alive).length;
  return (
    <>
      <p role="status" data-testid="cluster-mode">
        Cluster mode: {alive} of {answer.nodes.length} {answer.nodes.length === 1 ? "node" : "nodes"} alive,{" "}
        {answer.workspaces.length} {answer.workspaces.length === 1 ? "workspace" : "workspaces"}. This page is
        served by node {answer.node_id ?? "–"}.
      </p>
      <h3 id="cluster-nodes">Nodes</h3>
      <table class="grid" aria-labelledby="cluster-nodes">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Address</th>
            <th scope="col">State</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col">Started</th>
            <th scope="col">Workspaces owned / limit</th>
          </tr>
        </thead>
        <tbody>
          {answer.nodes.map((n) => (
            <tr key={n.id} data-node={n.address}>
              <td>
                {n.id}
                {n.id === answer.node_id ? " (this node)" : ""}
              </td>
              <td data-col="address">
                <code>{n.address}</code>
              </td>
              <td data-col="state">{n.alive ? (n.draining ? "alive, draining" : "alive") : "gone"}</td>
              <td data-col="heartbeat">{when(n.heartbeat_at, now)}</td>
              <td>{when(n.started_at, now)}</td>
              <td data-col="workspaces">
                {n.workspaces} / {n.max_workspaces ?? "no limit"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 id="cluster-workspaces">Workspaces</h3>
      <table class="grid" aria-labelledby="cluster-workspaces">
        <thead>
          <tr>
            <th scope="col">Workspace</th>
            <th scope="col">Owner</th>
            <th scope="col">Fencing token</th>
            <th scope="col">Owned since</th>
            <th scope="col">Pinned to</th>
          </tr>
        </thead>
        <tbody>
          {answer.workspaces.map((w) => {
            const owner = w.node_id === null ? undefined : byId.get(w.node_id);
            const name = props.workspaceNames.get(w.workspace_sid);
            return (
              <tr key={w.workspace_sid} data-workspace={w.workspace_sid}>
                <td>
                  {name !== undefined && <>{name} </>}
                  <code>{w.workspace_sid}</code>
                </td>
                <td data-col="owner">
                  {w.address === null ? (
                    "no owner (waiting for a node to claim it)"
                  ) : (
                    <code>{w.address}</code>
                  )}
                  {owner !== undefined && !owner.alive ? " (gone)" : ""}
                </td>
                <td data-col="token">{w.token}</td>
                <td>{when(w.acquired_at, now)}</td>
                <td data-col="pin">{w.pinned_to === null ? "–" : <code>{w.pinned_to}</code>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {answer.this_node !== undefined && (
        <>
          <h3 id="cluster-this-node">This node's counters</h3>
          <table class="grid" aria-labelledby="cluster-this-node">
            <tbody>
              {Object.entries(answer.this_node).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name.replaceAll("_", " ")}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function when(iso: string | null, now: number): string {
  if (iso === null) return "–";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return `${iso.slice(11, 19)} UTC (${seconds} s ago)`;
}

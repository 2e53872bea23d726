-- 005: several active nodes (docs/cluster.md). Each node registers in cluster_nodes and holds a
-- session-level advisory lock on (hashtext('tasklane-cluster:' || schema), id) while it lives: a node
-- is alive exactly while that lock is granted (pg_locks), so a killed process or a dead connection
-- ends it the way the writer lease ends. Each workspace has one row in workspace_leases: the node
-- that owns it and a fencing token that every write of that workspace reads FOR SHARE.
CREATE TABLE cluster_nodes (
  id             serial  PRIMARY KEY,
  address        text    NOT NULL,
  started_at     bigint  NOT NULL,
  heartbeat_at   bigint  NOT NULL,
  max_workspaces integer,
  draining       boolean NOT NULL DEFAULT false
);

CREATE TABLE workspace_leases (
  workspace_sid text    PRIMARY KEY,
  node_id       integer,
  token         bigint  NOT NULL,
  acquired_at   bigint,
  -- An operator's pin: the address of the node that must own the workspace while it is alive.
  pinned_to     text
);
CREATE INDEX workspace_leases_node ON workspace_leases (node_id);

-- Workspaces stored before the cluster existed start unowned: the node placement names claims them.
INSERT INTO workspace_leases (workspace_sid, node_id, token)
SELECT DISTINCT workspace_sid, NULL::integer, 0 FROM entities WHERE kind = 'workspace'
ON CONFLICT DO NOTHING;

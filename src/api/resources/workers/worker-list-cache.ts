/**
 * The last filtered worker lists of each workspace, reused while the workspace is unchanged (same
 * host revision) and the filters are the same: paging through a list, or asking the same question
 * again, costs one page instead of a scan of every worker. Lists whose expression reads the time
 * (taskrouter.* variables) are never reused. A few lists per workspace; the oldest goes first.
 */
import type { Worker } from "../../../domain/entities.ts";
import type { WorkspaceHost } from "../../../runtime/workspace-host.ts";
import type { Params } from "../../../wire/params.ts";
import { listEtag } from "../list-etag.ts";

export interface WorkerList {
  items: Worker[];
  etag: string;
}

interface Cached extends WorkerList {
  revision: number;
}

const LISTS_PER_WORKSPACE = 16;
const PAGING = new Set(["PageSize", "Page", "PageToken"]);
const byHost = new WeakMap<WorkspaceHost, Map<string, Cached>>();

export function cachedWorkerList(
  host: WorkspaceHost,
  q: Params,
  build: () => { items: Worker[]; reusable: boolean },
): WorkerList {
  const key = JSON.stringify(q.entries().filter(([name]) => !PAGING.has(name)));
  const revision = host.revision;
  let lists = byHost.get(host);
  const hit = lists?.get(key);
  if (hit !== undefined && hit.revision === revision) return hit;
  const { items, reusable } = build();
  const list = { items, etag: listEtag(items) };
  if (!reusable) return list;
  if (lists === undefined) {
    lists = new Map();
    byHost.set(host, lists);
  }
  lists.delete(key);
  lists.set(key, { ...list, revision });
  if (lists.size > LISTS_PER_WORKSPACE) {
    const oldest = lists.keys().next().value;
    if (oldest !== undefined) lists.delete(oldest);
  }
  return list;
}

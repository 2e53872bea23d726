/**
 * `GET /v1/Workspaces` on a cluster: every node lists the workspaces it hosts, so the node asked
 * gathers the others' lists (each asked with the forwarded principal, PageSize 1000, following its
 * pages) and pages the union itself, oldest first as one node does. Each node first finishes its
 * hand-overs and loads what the lease table already gives it, so a workspace on the move is listed. A node that does not answer is
 * left out of that list (its workspaces are back once another node has claimed them).
 */
import type { FastifyInstance } from "fastify";
import { type ApiDeps, listPage, principal, query } from "../api/context.ts";
import { renderWorkspace } from "../api/resources/workspaces.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { WireObject } from "../wire/serializers/dialect.ts";
import type { ClusterAgent } from "./agent.ts";
import type { Forwarder } from "./forwarder.ts";
import { isForwarded } from "./trust.ts";

type Rendered = WireObject;
const sidOf = (item: Rendered) => String(item.sid);

export function installWorkspaceList(
  app: FastifyInstance,
  options: { deps: ApiDeps; runtime: AccountRuntime; agent: ClusterAgent; forwarder: Forwarder },
): void {
  const { deps, runtime, agent, forwarder } = options;
  app.addHook("preParsing", async (request, reply, payload) => {
    if (request.method !== "GET") return payload;
    if ((request.url.split("?")[0] ?? "").replace(/\/$/, "") !== "/v1/Workspaces") return payload;
    await agent.settleOwned();
    // Asked by the node gathering the list: this node's own workspaces (the usual handler).
    if (isForwarded(request)) return payload;
    const who = principal(request);
    const name = query(request).string("FriendlyName");
    const items: Rendered[] = runtime
      .workspaces(who.accountSid)
      .filter((host) => name === undefined || host.view.workspace.friendlyName === name)
      .map((host) => renderWorkspace(deps, host.view));
    const others = agent.nodes.filter((node) => node.alive && node.id !== agent.nodeId);
    const filter = name === undefined ? "" : `&FriendlyName=${encodeURIComponent(name)}`;
    const lists = await Promise.all(
      others.map((node) =>
        forwarder.listAll<Rendered>(node.address, `/v1/Workspaces?PageSize=1000${filter}`, "workspaces", who),
      ),
    );
    const seen = new Set(items.map(sidOf));
    for (const list of lists) {
      for (const item of list) {
        if (!seen.has(sidOf(item))) {
          seen.add(sidOf(item));
          items.push(item);
        }
      }
    }
    const created = (item: Rendered) => Date.parse(String(item.date_created ?? ""));
    items.sort((a, b) => created(a) - created(b) || (sidOf(a) < sidOf(b) ? -1 : 1));
    reply.send(
      listPage(request, {
        key: "workspaces",
        url: deps.url("v1", "Workspaces"),
        items,
        sidOf,
        render: (item) => item,
      }),
    );
    return payload;
  });
}

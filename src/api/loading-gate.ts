/**
 * Serving while the workspaces are restored after a restart (src/runtime/account-runtime.ts,
 * restoreInBackground): a request for a workspace that is restored is served at once; one for a
 * workspace still loading answers 503 / 20503 with Retry-After: 1 (like a standby, so clients and
 * load balancers retry) instead of 404; listing the workspaces answers the same 503 until every one
 * is restored, since the list would be incomplete. Everything else (health, account keys, a new
 * workspace) is served as usual.
 */
import type { FastifyInstance } from "fastify";
import { workspaceLoading, workspacesLoading } from "../domain/errors.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import { renderError } from "../wire/errors.ts";

const WORKSPACE_PATH = /\/Workspaces\/(WS[0-9a-fA-F]{32})(?:[/?]|$)/;
const LIST_PATH = /^\/v1\/Workspaces\/?(?:\?|$)/;

export function loadingGate(app: FastifyInstance, runtime: AccountRuntime): void {
  app.addHook("onRequest", async (request, reply) => {
    if (!runtime.restoring) return;
    const sid = WORKSPACE_PATH.exec(request.url)?.[1];
    const refused =
      sid !== undefined
        ? runtime.isLoading(sid)
          ? workspaceLoading(sid)
          : null
        : request.method === "GET" && LIST_PATH.test(request.url)
          ? workspacesLoading()
          : null;
    if (refused === null) return;
    reply.header("Retry-After", "1");
    return renderError(reply, refused);
  });
}

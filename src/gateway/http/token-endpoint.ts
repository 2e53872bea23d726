/**
 * `POST /tasklane/v1/Workspaces/{WS}/Workers/{WK}/Token` (Basic auth, like the REST API): mints a
 * worker access token. Form fields: `Ttl` (seconds, 1..86400, default 3600), `Identity` (default
 * the worker SID), `Role` (`worker`, the default, or `supervisor` for the SDK's Supervisor class;
 * anything else is a 400 naming Role). Signed with the caller's API key, or with signing-key.ts's choice when the caller
 * used the account's auth token. Answers `{token, expires_at, ...}`.
 */
import type { FastifyPluginAsync } from "fastify";
import { notFound } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import { isoDate } from "../../wire/render.ts";
import { body, hostOf, principal } from "../../wire/request.ts";
import type { GatewayDeps } from "../context.ts";
import { GRANT_ROLES, MAX_TOKEN_TTL_SECONDS, mintAccessToken } from "../tokens/access-token.ts";
import { signingKey } from "../tokens/signing-key.ts";

export const TOKEN_PATH = "/tasklane/v1/Workspaces/:WorkspaceSid/Workers/:WorkerSid/Token";

export function tokenEndpoint(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    app.post(TOKEN_PATH, async (request, reply) => {
      const { WorkspaceSid, WorkerSid } = request.params as { WorkspaceSid: string; WorkerSid: string };
      const host = hostOf(deps, request, WorkspaceSid);
      if (!isSid(WorkerSid, "WK") || host.view.worker(WorkerSid) === undefined)
        throw notFound("Worker", WorkerSid);
      const b = body(request);
      const ttlSeconds = b.integer("Ttl", { min: 1, max: MAX_TOKEN_TTL_SECONDS }) ?? 3600;
      const identity = b.string("Identity", { maxLength: 256 });
      const role = b.enumOf("Role", GRANT_ROLES) ?? "worker";
      const caller = principal(request);
      const now = deps.clock.now();
      const key = await signingKey(deps.store, {
        accountSid: caller.accountSid,
        preferredSid: caller.keySid,
        now,
        sids: deps.sids,
      });
      const minted = mintAccessToken({
        key,
        workspaceSid: host.sid,
        workerSid: WorkerSid,
        ttlSeconds,
        now,
        role,
        ...(identity ? { identity } : {}),
      });
      return reply.code(201).send({
        token: minted.token,
        expires_at: isoDate(minted.expiresAt),
        ttl: ttlSeconds,
        account_sid: caller.accountSid,
        workspace_sid: host.sid,
        worker_sid: WorkerSid,
        role,
        api_key_sid: key.sid,
      });
    });
  };
}

/**
 * What REST, the worker gateway and voice read off a Fastify request the same way: who is calling
 * (the principal the authenticator put there), the form body and query string as Params decoders,
 * and the workspace host the caller may address (404 for an unknown or another account's workspace).
 */
import type { FastifyRequest } from "fastify";
import { notFound, unauthorized } from "../domain/errors.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { WorkspaceHost } from "../runtime/workspace-host.ts";
import { Params } from "./params.ts";

/** Who is calling: an account's auth token or one of its API keys. */
export interface Principal {
  accountSid: string;
  /** `token`: the account's auth token (may manage API keys); `key`: an API key. */
  via: "token" | "key";
  keySid: string | null;
}

/** Sets `request.principal` before any route runs (src/api/app.ts), or throws 401. */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal>;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principal(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized();
  return request.principal;
}

export function body(request: FastifyRequest): Params {
  return Params.of(request.body);
}

export function query(request: FastifyRequest): Params {
  return Params.of(request.query);
}

/** The host of a workspace the caller's account owns; 404 otherwise (never reveals other accounts). */
export function hostOf(
  deps: { runtime: AccountRuntime },
  request: FastifyRequest,
  workspaceSid: string,
): WorkspaceHost {
  const host = deps.runtime.workspace(workspaceSid, principal(request).accountSid);
  if (host === undefined) throw notFound("Workspace", workspaceSid);
  return host;
}

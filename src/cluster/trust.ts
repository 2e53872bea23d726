/**
 * Credentials checked once: the node that receives a request authenticates it (Basic auth, as any
 * node does), then forwards it to the workspace's owner with the principal it found, signed with the
 * account's auth token (which every node of the installation shares through the database). The owner
 * takes a correctly signed principal instead of checking the credentials again (an API key would
 * cost it a database read); anything else goes through the usual authenticator.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Authenticator, Principal } from "../wire/request.ts";

export const FORWARDED_BY = "x-tasklane-forwarded-by";
const PRINCIPAL = "x-tasklane-principal";
const SIGNATURE = "x-tasklane-signature";
/** A signature older than this is refused (clocks of the nodes may differ a little). */
const MAX_AGE_MS = 60_000;

export function isForwarded(request: { headers: Record<string, unknown> }): boolean {
  return typeof request.headers[FORWARDED_BY] === "string";
}

/** The headers a forwarding node adds; `principal` null for paths without Basic auth (gateway). */
export function forwardHeaders(
  secret: string,
  nodeId: number,
  method: string,
  url: string,
  principal: Principal | null,
): Record<string, string> {
  const headers: Record<string, string> = { [FORWARDED_BY]: String(nodeId) };
  if (principal === null) return headers;
  const encoded = Buffer.from(JSON.stringify(principal)).toString("base64url");
  const at = String(Date.now());
  headers[PRINCIPAL] = `${at}.${encoded}`;
  headers[SIGNATURE] = sign(secret, [String(nodeId), method, url, at, encoded]);
  return headers;
}

/** Wraps the REST authenticator: a principal signed by another node of the cluster is taken as is. */
export function clusterTrust(inner: Authenticator, secret: string): Authenticator {
  return {
    authenticate: (request: FastifyRequest) => {
      const trusted = signedPrincipal(request, secret);
      return trusted === null ? inner.authenticate(request) : Promise.resolve(trusted);
    },
  };
}

function signedPrincipal(request: FastifyRequest, secret: string): Principal | null {
  const by = request.headers[FORWARDED_BY];
  const principal = request.headers[PRINCIPAL];
  const signature = request.headers[SIGNATURE];
  if (typeof by !== "string" || typeof principal !== "string" || typeof signature !== "string") return null;
  const dot = principal.indexOf(".");
  const at = principal.slice(0, dot);
  const encoded = principal.slice(dot + 1);
  if (dot < 0 || Math.abs(Date.now() - Number(at)) > MAX_AGE_MS) return null;
  const expected = Buffer.from(sign(secret, [by, request.method, request.url, at, encoded]));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const parsed: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  return isPrincipal(parsed) ? parsed : null;
}

function sign(secret: string, parts: string[]): string {
  return createHmac("sha256", secret).update(parts.join("\n")).digest("base64url");
}

function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.accountSid === "string" &&
    (v.via === "token" || v.via === "key") &&
    (v.keySid === null || typeof v.keySid === "string")
  );
}

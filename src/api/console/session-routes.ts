/**
 * The console's session, as JSON:
 *   POST   /console/session  {AccountSid, AuthToken}  -> 201 {account_sid, username, csrf_token} + cookie
 *   GET    /console/session                            -> 200 the same (cookie needed) | 401
 *   DELETE /console/session                            -> 204, cookie cleared (needs the CSRF header)
 * AccountSid/AuthToken may be an API key SID and its secret. Sign-in only accepts JSON, which a
 * cross-site form cannot send, so nobody can sign a browser in to someone else's session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  badRequest,
  forbidden,
  invalidParameter,
  missingParameter,
  notSignedIn,
} from "../../domain/errors.ts";
import type { CredentialCheck } from "../auth/basic-auth.ts";
import { CSRF_HEADER } from "../auth/session-auth.ts";
import { SESSION_COOKIE, type Session, type SessionStore, sessionIdOf } from "../auth/sessions.ts";

export interface SessionRouteDeps {
  sessions: SessionStore;
  check: CredentialCheck;
  /** The public URL is https (cookies get Secure even behind a TLS-terminating proxy). */
  publicHttps: () => boolean;
}

const PATH = "/console/session";

export async function sessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): Promise<void> {
  app.post(PATH, async (request, reply) => {
    if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
      throw badRequest("Sign-in expects a JSON body {AccountSid, AuthToken}");
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const username = field(body, "AccountSid");
    const password = field(body, "AuthToken");
    const principal = await deps.check(username, password);
    const session = deps.sessions.open(username, password);
    reply.header("Set-Cookie", cookie(session.id, secure(request, deps), 24 * 3600));
    return reply.status(201).send(describe(session, principal.accountSid));
  });

  app.get(PATH, async (request) => {
    const session = deps.sessions.get(sessionIdOf(request.headers.cookie));
    if (session === null) throw notSignedIn();
    const principal = await deps.check(session.username, session.password);
    return describe(session, principal.accountSid);
  });

  app.delete(PATH, async (request, reply: FastifyReply) => {
    const id = sessionIdOf(request.headers.cookie);
    const session = deps.sessions.get(id);
    if (session !== null && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw forbidden("Missing or wrong X-Tasklane-CSRF header for this console session");
    }
    deps.sessions.close(id);
    reply.header("Set-Cookie", cookie("", secure(request, deps), 0));
    return reply.status(204).send();
  });
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === "") throw missingParameter(name);
  if (typeof value !== "string" || value.length > 200) throw invalidParameter(name, "expected a string");
  return value.trim();
}

function describe(session: Session, accountSid: string) {
  return { account_sid: accountSid, username: session.username, csrf_token: session.csrfToken };
}

function secure(request: FastifyRequest, deps: SessionRouteDeps): boolean {
  return request.protocol === "https" || deps.publicHttps();
}

function cookie(value: string, isSecure: boolean, maxAgeSeconds: number): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (isSecure) parts.push("Secure");
  return parts.join("; ");
}

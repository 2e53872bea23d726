/**
 * Twilio access tokens for the worker SDK, as `twilio.jwt.AccessToken` + `TaskRouterGrant` make them:
 *
 *   header  {"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}
 *   payload {"jti":"SK…-<iat>","iss":"SK…","sub":"AC…","iat":…,"exp":…,
 *            "grants":{"identity":"alice","task_router":{"workspace_sid":"WS…","worker_sid":"WK…","role":"worker"}}}
 *
 * signed HS256 with the secret of the API key named by `iss`. Verification checks, in order: shape,
 * header, issuer key (exists, same account), signature, subject, expiry, lifetime (at most 24 h, as
 * Twilio: 20157), not-before, grant. Each failure is a 401 with Twilio's access-token error code and a
 * message saying what was wrong.
 */
import type { JsonObject, JsonValue } from "../../domain/entities.ts";
import { accessTokenError } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import type { ApiKeyRecord } from "../../store/port.ts";
import { decodeJwt, signatureMatches, signJwt } from "./jwt.ts";

export const ACCESS_TOKEN_CONTENT_TYPE = "twilio-fpa;v=1";
/** Longest lifetime Twilio allows an access token (24 hours). */
export const MAX_TOKEN_TTL_SECONDS = 86_400;
/** Tolerated clock difference for `nbf`. */
const NOT_BEFORE_LEEWAY_MS = 60_000;

/** Who a verified worker token speaks for. */
export interface WorkerGrant {
  accountSid: string;
  workspaceSid: string;
  workerSid: string;
  keySid: string;
  identity: string | null;
  /**
   * The grant's role: "worker" (also when absent) acts as its own worker only; "supervisor" (the
   * SDK's Supervisor class) may also change other workers and supervise their reservations.
   */
  role: GrantRole;
  /** Epoch ms of `exp`. */
  expiresAt: number;
}

export type GrantRole = "worker" | "supervisor";
/** The roles a grant may carry (the token endpoint and `tasklane token --role` check against it). */
export const GRANT_ROLES: readonly GrantRole[] = ["worker", "supervisor"];

export interface VerifyDeps {
  accountSid: string;
  now: number;
  apiKey(sid: string): Promise<ApiKeyRecord | null>;
}

export async function verifyAccessToken(token: string, deps: VerifyDeps): Promise<WorkerGrant> {
  const jwt = decodeJwt(token.trim());
  if (jwt === null)
    throw accessTokenError(20101, "Invalid Access Token: expected a JWT (three base64url parts)");
  const { header, payload } = jwt;
  if (header.alg !== "HS256") {
    throw accessTokenError(20102, `Invalid Access Token header: alg must be HS256, got ${show(header.alg)}`);
  }
  if (header.cty !== undefined && header.cty !== ACCESS_TOKEN_CONTENT_TYPE) {
    throw accessTokenError(20102, `Invalid Access Token header: cty must be ${ACCESS_TOKEN_CONTENT_TYPE}`);
  }
  const iss = typeof payload.iss === "string" ? payload.iss : "";
  if (!isSid(iss, "SK"))
    throw accessTokenError(
      20103,
      `Invalid Access Token issuer: expected an API key SID, got ${show(payload.iss)}`,
    );
  const key = await deps.apiKey(iss);
  if (key === null || key.accountSid !== deps.accountSid) {
    throw accessTokenError(
      20103,
      `Invalid Access Token issuer: API key ${iss} does not exist or was revoked`,
    );
  }
  if (!signatureMatches(jwt, key.secret)) {
    throw accessTokenError(
      20107,
      `Invalid Access Token signature: it was not signed with the secret of ${iss}`,
    );
  }
  if (payload.sub !== deps.accountSid) {
    throw accessTokenError(
      20103,
      `Invalid Access Token subject: expected account ${deps.accountSid}, got ${show(payload.sub)}`,
    );
  }
  const exp = payload.exp;
  if (typeof exp !== "number" || !Number.isFinite(exp)) {
    throw accessTokenError(20104, "Access Token expiration invalid: exp must be a number of seconds");
  }
  if (exp * 1000 <= deps.now) {
    throw accessTokenError(20104, `Access Token expired at ${new Date(exp * 1000).toISOString()}`);
  }
  checkLifetime(payload, exp, deps.now);
  if (typeof payload.nbf === "number" && payload.nbf * 1000 > deps.now + NOT_BEFORE_LEEWAY_MS) {
    throw accessTokenError(
      20105,
      `Access Token not yet valid: nbf is ${new Date(payload.nbf * 1000).toISOString()}`,
    );
  }
  return { ...grantOf(payload), accountSid: deps.accountSid, keySid: iss, expiresAt: exp * 1000 };
}

/**
 * Twilio refuses access tokens that live longer than 24 hours (error 20157): `exp - iat` may not
 * exceed MAX_TOKEN_TTL_SECONDS, nor may `exp` lie further than that from now (a token without `iat`,
 * or with an `iat` in the future, cannot stretch the window). The same leeway as `nbf` applies.
 */
function checkLifetime(payload: JsonObject, exp: number, now: number): void {
  const iat = payload.iat;
  if (iat !== undefined && (typeof iat !== "number" || !Number.isFinite(iat))) {
    throw accessTokenError(20101, "Invalid Access Token: iat must be a number of seconds");
  }
  if (typeof iat === "number" && exp - iat > MAX_TOKEN_TTL_SECONDS) {
    throw accessTokenError(
      20157,
      `Access Token lifetime exceeds the maximum of ${MAX_TOKEN_TTL_SECONDS} seconds (24 hours): exp - iat is ${exp - iat} seconds`,
    );
  }
  if (exp * 1000 > now + MAX_TOKEN_TTL_SECONDS * 1000 + NOT_BEFORE_LEEWAY_MS) {
    throw accessTokenError(
      20157,
      `Access Token expiration exceeds the maximum of 24 hours from now: exp is ${expiryText(exp)}`,
    );
  }
}

/** `exp` as an ISO date when it is one (1e12 seconds is beyond what Date can show). */
function expiryText(exp: number): string {
  const date = new Date(exp * 1000);
  return Number.isNaN(date.getTime()) ? `${exp} seconds` : date.toISOString();
}

function grantOf(payload: JsonObject): {
  workspaceSid: string;
  workerSid: string;
  identity: string | null;
  role: GrantRole;
} {
  const grants = asObject(payload.grants);
  const taskRouter = asObject(grants?.task_router);
  if (taskRouter === null) throw accessTokenError(20106, "Invalid Access Token grants: no task_router grant");
  const workspaceSid = taskRouter.workspace_sid;
  const workerSid = taskRouter.worker_sid;
  if (typeof workspaceSid !== "string" || !isSid(workspaceSid, "WS")) {
    throw accessTokenError(20106, "Invalid Access Token grants: task_router.workspace_sid must be a WS SID");
  }
  if (typeof workerSid !== "string" || !isSid(workerSid, "WK")) {
    throw accessTokenError(20106, "Invalid Access Token grants: task_router.worker_sid must be a WK SID");
  }
  const role = taskRouter.role ?? "worker";
  if (role !== "worker" && role !== "supervisor") {
    throw accessTokenError(
      20106,
      `Invalid Access Token grants: role ${show(taskRouter.role)} is not supported, use "worker" or "supervisor"`,
    );
  }
  const identity = typeof grants?.identity === "string" ? grants.identity : null;
  return { workspaceSid, workerSid, identity, role };
}

export interface MintOptions {
  key: ApiKeyRecord;
  workspaceSid: string;
  workerSid: string;
  /** Seconds, 1 .. 86,400. */
  ttlSeconds: number;
  /** Epoch ms. */
  now: number;
  identity?: string;
  /** The grant's role; "worker" by default. */
  role?: GrantRole;
}

/** Signs a worker (or supervisor) token exactly as twilio.jwt.AccessToken + TaskRouterGrant would. */
export function mintAccessToken(options: MintOptions): { token: string; expiresAt: number } {
  const iat = Math.floor(options.now / 1000);
  const exp = iat + options.ttlSeconds;
  const grants: JsonObject = {
    identity: options.identity ?? options.workerSid,
    task_router: {
      workspace_sid: options.workspaceSid,
      worker_sid: options.workerSid,
      role: options.role ?? "worker",
    },
  };
  const payload: JsonObject = {
    jti: `${options.key.sid}-${iat}`,
    grants,
    iat,
    exp,
    iss: options.key.sid,
    sub: options.key.accountSid,
  };
  const header = { alg: "HS256", typ: "JWT", cty: ACCESS_TOKEN_CONTENT_TYPE };
  return { token: signJwt(header, payload, options.key.secret), expiresAt: exp * 1000 };
}

function asObject(value: JsonValue | undefined): JsonObject | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? "nothing" : JSON.stringify(value).slice(0, 60);
}

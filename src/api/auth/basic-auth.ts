/**
 * HTTP Basic authentication, as Twilio does it: the username is the account SID with the auth token
 * as password, or an API key SID (SK…) with its secret. Everything else is 401 / 20003.
 */
import { timingSafeEqual } from "node:crypto";
import { unauthorized } from "../../domain/errors.ts";
import type { AccountCredentials, Store } from "../../store/port.ts";
import type { Authenticator, Principal } from "../../wire/request.ts";

/** Checks an account SID + auth token or an API key SID + secret (Basic auth and console sign-in). */
export type CredentialCheck = (username: string, password: string) => Promise<Principal>;

export function basicAuthenticator(account: AccountCredentials, store: Store): Authenticator {
  const check = credentialCheck(account, store);
  return {
    async authenticate(request) {
      const credentials = parseBasic(request.headers.authorization);
      if (credentials === null) throw unauthorized();
      return check(credentials.username, credentials.password);
    },
  };
}

export function credentialCheck(account: AccountCredentials, store: Store): CredentialCheck {
  return async (username, password) => {
    if (username === account.accountSid && safeEqual(password, account.authToken)) {
      return { accountSid: account.accountSid, via: "token", keySid: null };
    }
    if (username.startsWith("SK")) {
      const key = await store.getApiKey(username);
      if (key !== null && key.accountSid === account.accountSid && safeEqual(password, key.secret)) {
        return { accountSid: key.accountSid, via: "key", keySid: key.sid };
      }
    }
    throw unauthorized();
  };
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

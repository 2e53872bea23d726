/**
 * Cookie auth for the console, beside Basic auth: a request without an Authorization header that
 * carries a live `tasklane_session` cookie is authenticated with the session's credentials (checked
 * again each time). Unsafe methods must also send the session's CSRF token in X-Tasklane-CSRF: the
 * cookie is SameSite=Strict already, and the header (which no cross-site form can set) makes a
 * forged write fail even where SameSite does not hold. Requests with an Authorization header are
 * Basic auth exactly as before.
 */
import { forbidden, unauthorized } from "../../domain/errors.ts";
import type { Authenticator } from "../../wire/request.ts";
import type { CredentialCheck } from "./basic-auth.ts";
import { type SessionStore, sessionIdOf } from "./sessions.ts";

export const CSRF_HEADER = "x-tasklane-csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function sessionAware(
  inner: Authenticator,
  sessions: SessionStore,
  check: CredentialCheck,
): Authenticator {
  return {
    authenticate(request) {
      if (request.headers.authorization !== undefined) return inner.authenticate(request);
      const id = sessionIdOf(request.headers.cookie);
      if (id === null) return inner.authenticate(request);
      const session = sessions.get(id);
      if (session === null) return Promise.reject(unauthorized());
      if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
        return Promise.reject(forbidden("Missing or wrong X-Tasklane-CSRF header for this console session"));
      }
      return check(session.username, session.password);
    },
  };
}

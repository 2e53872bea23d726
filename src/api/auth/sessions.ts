/**
 * Console sessions: what the browser's `tasklane_session` cookie stands for. A session keeps the
 * credentials it was opened with (in this process's memory only, never in the browser), so every
 * request re-checks them: rotating the auth token or deleting the API key ends the session at once.
 * Sessions end on sign-out, after IDLE_MS without a request, after MAX_AGE_MS, or on restart.
 */
import { randomBytes } from "node:crypto";

export const SESSION_COOKIE = "tasklane_session";
const IDLE_MS = 8 * 3600_000;
const MAX_AGE_MS = 24 * 3600_000;
/** Bound on live sessions; the least recently used goes first. */
const MAX_SESSIONS = 10_000;

export interface Session {
  id: string;
  username: string;
  password: string;
  /** Sent back by the console in X-Tasklane-CSRF on every unsafe request. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  open(username: string, password: string): Session {
    const at = this.now();
    const session: Session = {
      id: randomBytes(32).toString("base64url"),
      username,
      password,
      csrfToken: randomBytes(24).toString("base64url"),
      createdAt: at,
      lastSeenAt: at,
    };
    this.sessions.set(session.id, session);
    while (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return session;
  }

  /** The live session with this id, touched (moved to most recently used), or null. */
  get(id: string | null): Session | null {
    if (id === null) return null;
    const session = this.sessions.get(id);
    if (session === undefined) return null;
    const at = this.now();
    if (at - session.lastSeenAt > IDLE_MS || at - session.createdAt > MAX_AGE_MS) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeenAt = at;
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  close(id: string | null): void {
    if (id !== null) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** The session id in a Cookie header, or null. */
export function sessionIdOf(cookieHeader: string | undefined): string | null {
  if (cookieHeader === undefined) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

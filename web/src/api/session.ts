/** Signing in and out of the console (src/api/console/session-routes.ts). */
import { request, setCsrfToken } from "./client.ts";

export interface SessionInfo {
  account_sid: string;
  username: string;
  csrf_token: string;
}

export async function currentSession(): Promise<SessionInfo | null> {
  try {
    const session = await request<SessionInfo>("GET", "/console/session");
    setCsrfToken(session.csrf_token);
    return session;
  } catch {
    return null;
  }
}

export async function signIn(accountSid: string, authToken: string): Promise<SessionInfo> {
  const session = await request<SessionInfo>("POST", "/console/session", {
    json: { AccountSid: accountSid, AuthToken: authToken },
  });
  setCsrfToken(session.csrf_token);
  return session;
}

export async function signOut(): Promise<void> {
  await request("DELETE", "/console/session");
  setCsrfToken(null);
}

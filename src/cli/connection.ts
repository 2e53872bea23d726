/**
 * Where the CLI's API commands connect and as whom:
 *   --url or TASKLANE_URL (default http://127.0.0.1:3000);
 *   TASKLANE_API_KEY / TASKLANE_API_SECRET, else TASKLANE_ACCOUNT_SID / TASKLANE_AUTH_TOKEN;
 *   else, for a server on this machine, the credentials `npm start` stored with its SQLite data
 *   (DATABASE_URL, default ./data/tasklane.db), read as `tasklane keys` reads them.
 */
import { existsSync } from "node:fs";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "../config/database-url.ts";
import { SqliteStore } from "../store/sqlite/sqlite-store.ts";
import { RestClient } from "./rest-client.ts";

export const DEFAULT_URL = "http://127.0.0.1:3000";

export interface Connection {
  client: RestClient;
  /** How the credentials were found, for messages. */
  source: string;
}

function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]", "::1"].includes(url.hostname);
}

async function storedCredentials(
  env: NodeJS.ProcessEnv,
): Promise<{ accountSid: string; authToken: string } | null> {
  const target = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (target.kind !== "sqlite" || !existsSync(target.path)) return null;
  const store = new SqliteStore(target.path);
  try {
    return await store.getAccount();
  } finally {
    await store.close();
  }
}

export async function connect(url: string | undefined, env: NodeJS.ProcessEnv): Promise<Connection> {
  const base = url ?? (env.TASKLANE_URL || DEFAULT_URL);
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new Error(`--url / TASKLANE_URL must be an http(s) URL such as ${DEFAULT_URL}, got "${base}"`);
  }
  if (env.TASKLANE_API_KEY && env.TASKLANE_API_SECRET)
    return {
      client: new RestClient(base, env.TASKLANE_API_KEY, env.TASKLANE_API_SECRET),
      source: "TASKLANE_API_KEY",
    };
  if (env.TASKLANE_ACCOUNT_SID && env.TASKLANE_AUTH_TOKEN)
    return {
      client: new RestClient(base, env.TASKLANE_ACCOUNT_SID, env.TASKLANE_AUTH_TOKEN),
      source: "TASKLANE_ACCOUNT_SID",
    };
  const stored = isLoopback(parsed) ? await storedCredentials(env) : null;
  if (stored !== null)
    return {
      client: new RestClient(base, stored.accountSid, stored.authToken),
      source: "the local data directory",
    };
  throw new Error(
    `no credentials for ${base}: set TASKLANE_ACCOUNT_SID and TASKLANE_AUTH_TOKEN (printed by \`npm start\`), or TASKLANE_API_KEY and TASKLANE_API_SECRET`,
  );
}

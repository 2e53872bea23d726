/**
 * The account credentials: from TASKLANE_ACCOUNT_SID / TASKLANE_AUTH_TOKEN when set, otherwise
 * generated on first start and kept with the data, so every later start prints the same ones.
 */
import { randomBytes } from "node:crypto";
import type { AccountCredentials } from "../store/port.ts";
import type { Config } from "./config.ts";

export interface AccountMetaStore {
  getAccount(): Promise<AccountCredentials | null>;
  saveAccount(credentials: AccountCredentials): Promise<void>;
}

export interface ResolvedCredentials extends AccountCredentials {
  source: "environment" | "stored" | "generated";
}

export async function resolveCredentials(
  config: Config,
  store: AccountMetaStore,
): Promise<ResolvedCredentials> {
  if (config.accountSid !== null && config.authToken !== null) {
    return { accountSid: config.accountSid, authToken: config.authToken, source: "environment" };
  }
  const stored = await store.getAccount();
  if (stored !== null) return { ...stored, source: "stored" };
  const generated = {
    accountSid: `AC${randomBytes(16).toString("hex")}`,
    authToken: randomBytes(16).toString("hex"),
  };
  await store.saveAccount(generated);
  return { ...generated, source: "generated" };
}

/** What `npm start` prints: where Tasklane listens, the credentials and a client snippet to paste. */
export function startBanner(credentials: ResolvedCredentials, publicUrl: string): string {
  const origin =
    credentials.source === "environment"
      ? "from the environment"
      : credentials.source === "generated"
        ? "generated now, stored with the data"
        : "stored with the data";
  return `Tasklane is listening on ${publicUrl}

  TASKLANE_ACCOUNT_SID=${credentials.accountSid}
  TASKLANE_AUTH_TOKEN=${credentials.authToken}
  (${origin})

Use the official twilio SDK unchanged, pointed at Tasklane by tasklane/register:

${clientSnippet(credentials, publicUrl)}
`;
}

export function clientSnippet(credentials: AccountCredentials, publicUrl: string): string {
  return `  export TASKLANE_URL=${publicUrl}
  export TASKLANE_ACCOUNT_SID=${credentials.accountSid} TASKLANE_AUTH_TOKEN=${credentials.authToken}
  node --require tasklane/register app.js     # ESM: node --import tasklane/register app.mjs

  // app.js: plain twilio code; every *.twilio.com request goes to TASKLANE_URL
  const client = require("twilio")(process.env.TASKLANE_ACCOUNT_SID, process.env.TASKLANE_AUTH_TOKEN);
  client.taskrouter.v1.workspaces.create({ friendlyName: "Support" }).then((ws) => console.log(ws.sid));`;
}

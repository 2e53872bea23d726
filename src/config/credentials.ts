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

Use the official twilio SDK, pointed at Tasklane:

${clientSnippet(credentials, publicUrl)}
`;
}

export function clientSnippet(credentials: AccountCredentials, publicUrl: string): string {
  return `const twilio = require("twilio");
class TasklaneHttpClient extends twilio.RequestClient {
  request(opts) {
    const url = new URL(opts.uri);
    if (url.hostname.endsWith(".twilio.com")) {
      const base = new URL(${JSON.stringify(publicUrl)});
      url.protocol = base.protocol;
      url.host = base.host;
    }
    return super.request({ ...opts, uri: url.toString() });
  }
}
const client = twilio(${JSON.stringify(credentials.accountSid)}, ${JSON.stringify(credentials.authToken)}, {
  httpClient: new TasklaneHttpClient(),
});
// client.taskrouter.v1.workspaces.create({ friendlyName: "Support" }).then((ws) => console.log(ws.sid));`;
}

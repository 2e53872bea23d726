/** `tasklane keys …`: manage API keys directly in the database named by DATABASE_URL. */

import type { Config } from "../config/config.ts";
import { resolveCredentials } from "../config/credentials.ts";
import { systemClock } from "../domain/clock.ts";
import { isSid, randomSids } from "../domain/sid.ts";
import { createApiKey } from "../runtime/api-keys.ts";
import type { Store } from "../store/port.ts";

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Returns the process exit code. */
export async function keysCommand(args: string[], config: Config, store: Store, io: Output): Promise<number> {
  const [action, ...rest] = args;
  const { accountSid } = await resolveCredentials(config, store);
  switch (action) {
    case "create": {
      const key = await createApiKey(store, {
        accountSid,
        friendlyName: rest.join(" "),
        now: systemClock.now(),
        sids: randomSids,
      });
      io.out(`Created API key ${key.sid}${key.friendlyName ? ` (${key.friendlyName})` : ""}`);
      io.out(`  sid:    ${key.sid}`);
      io.out(`  secret: ${key.secret}`);
      io.out("The secret is shown only now. Use it as twilio(sid, secret, { accountSid }).");
      io.out(`  accountSid: ${accountSid}`);
      return 0;
    }
    case "list": {
      const keys = await store.listApiKeys(accountSid);
      if (keys.length === 0) io.out("No API keys.");
      for (const key of keys)
        io.out(`${key.sid}  ${new Date(key.dateCreated).toISOString()}  ${key.friendlyName}`);
      return 0;
    }
    case "revoke": {
      const sid = rest[0];
      if (sid === undefined || !isSid(sid, "SK")) {
        io.err("usage: tasklane keys revoke <SK…>");
        return 2;
      }
      if (!(await store.deleteApiKey(sid))) {
        io.err(`No API key ${sid}`);
        return 1;
      }
      io.out(`Revoked ${sid}`);
      return 0;
    }
    default:
      io.err("usage: tasklane keys create [name] | tasklane keys list | tasklane keys revoke <SK…>");
      return 2;
  }
}

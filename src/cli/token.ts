/**
 * `tasklane token --workspace WS… --worker WK… [--ttl 3600] [--key SK…] [--identity name]
 * [--role worker|supervisor]`: mints a worker (or supervisor) access token for the twilio-taskrouter SDK, signed with an API key's secret (the one named
 * by --key, else the account's oldest key, else a new "Worker tokens" key). The token alone goes to
 * stdout (so `TOKEN=$(tasklane token …)` works); what it is goes to stderr.
 */
import type { Config } from "../config/config.ts";
import { resolveCredentials } from "../config/credentials.ts";
import { systemClock } from "../domain/clock.ts";
import { isSid, randomSids } from "../domain/sid.ts";
import { GRANT_ROLES, MAX_TOKEN_TTL_SECONDS, mintAccessToken } from "../gateway/tokens/access-token.ts";
import { signingKey } from "../gateway/tokens/signing-key.ts";
import type { Store } from "../store/port.ts";
import type { Output } from "./keys.ts";

const USAGE =
  "usage: tasklane token --workspace WS… --worker WK… [--ttl seconds] [--key SK…] [--identity name] [--role worker|supervisor]";
const FLAGS = new Set(["--workspace", "--worker", "--ttl", "--key", "--identity", "--role"]);

export async function tokenCommand(
  args: string[],
  config: Config,
  store: Store,
  io: Output,
  now: number = systemClock.now(),
): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name = "", value] = [args[i], args[i + 1]];
    if (!FLAGS.has(name) || value === undefined) {
      io.err(
        `tasklane token: unexpected ${value === undefined ? `end after ${name}` : `"${name}"`}\n${USAGE}`,
      );
      return 2;
    }
    flags.set(name, value);
  }
  const workspaceSid = flags.get("--workspace") ?? "";
  const workerSid = flags.get("--worker") ?? "";
  const ttlText = flags.get("--ttl") ?? "3600";
  const ttl = Number(ttlText);
  if (!isSid(workspaceSid, "WS") || !isSid(workerSid, "WK")) {
    io.err(`tasklane token: --workspace needs a WS SID and --worker a WK SID\n${USAGE}`);
    return 2;
  }
  if (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    io.err(`tasklane token: --ttl must be 1..${MAX_TOKEN_TTL_SECONDS} seconds, got "${ttlText}"`);
    return 2;
  }
  const roleText = flags.get("--role") ?? "worker";
  const role = GRANT_ROLES.find((r) => r === roleText);
  if (role === undefined) {
    io.err(`tasklane token: --role must be ${GRANT_ROLES.join(" or ")}, got "${roleText}"\n${USAGE}`);
    return 2;
  }
  const { accountSid } = await resolveCredentials(config, store);
  const snapshot = await store.loadWorkspace(workspaceSid);
  if (snapshot === null || snapshot.workspace.accountSid !== accountSid) {
    io.err(`tasklane token: no workspace ${workspaceSid}`);
    return 1;
  }
  if (!snapshot.workers.some((w) => w.sid === workerSid)) {
    io.err(`tasklane token: no worker ${workerSid} in workspace ${workspaceSid}`);
    return 1;
  }
  const key = await signingKey(store, {
    accountSid,
    preferredSid: flags.get("--key") ?? null,
    now,
    sids: randomSids,
  });
  const identity = flags.get("--identity");
  const minted = mintAccessToken({
    key,
    workspaceSid,
    workerSid,
    ttlSeconds: ttl,
    now,
    role,
    ...(identity ? { identity } : {}),
  });
  io.out(minted.token);
  io.err(
    `${role === "supervisor" ? "Supervisor" : "Worker"} token for ${workerSid}, signed with ${key.sid}, expires ${new Date(minted.expiresAt).toISOString()}`,
  );
  return 0;
}

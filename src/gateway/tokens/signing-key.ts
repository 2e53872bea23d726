/**
 * Which API key signs the tokens Tasklane mints: the one asked for (the caller's own key on the
 * token endpoint, `--key` on the CLI), otherwise the account's oldest key, otherwise a new key named
 * "Worker tokens" (created once, then reused). Revoking the key invalidates every token it signed.
 */
import { notFound } from "../../domain/errors.ts";
import type { SidSource } from "../../domain/sid.ts";
import { createApiKey } from "../../runtime/api-keys.ts";
import type { ApiKeyRecord, Store } from "../../store/port.ts";

export async function signingKey(
  store: Store,
  options: { accountSid: string; preferredSid: string | null; now: number; sids: SidSource },
): Promise<ApiKeyRecord> {
  if (options.preferredSid !== null) {
    const key = await store.getApiKey(options.preferredSid);
    if (key === null || key.accountSid !== options.accountSid) {
      throw notFound("Key", options.preferredSid);
    }
    return key;
  }
  const existing = (await store.listApiKeys(options.accountSid))[0];
  if (existing !== undefined) return existing;
  return createApiKey(store, {
    accountSid: options.accountSid,
    friendlyName: "Worker tokens",
    now: options.now,
    sids: options.sids,
  });
}

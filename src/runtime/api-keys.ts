/**
 * API keys (Twilio "Standard" keys): created with a random secret that is shown once, used as Basic
 * auth credentials (SK… / secret) and, later, to verify HS256 access tokens. Shared by the Keys
 * resource and the `tasklane keys` CLI.
 */
import { randomBytes } from "node:crypto";
import { SidPrefix, type SidSource } from "../domain/sid.ts";
import type { ApiKeyRecord, Store } from "../store/port.ts";

export async function createApiKey(
  store: Store,
  options: { accountSid: string; friendlyName: string; now: number; sids: SidSource },
): Promise<ApiKeyRecord> {
  const key: ApiKeyRecord = {
    sid: options.sids.next(SidPrefix.apiKey),
    accountSid: options.accountSid,
    friendlyName: options.friendlyName,
    secret: randomBytes(16).toString("hex"),
    dateCreated: options.now,
    dateUpdated: options.now,
  };
  await store.createApiKey(key);
  return key;
}

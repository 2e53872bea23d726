/**
 * Twilio's webhook signature, so a receiver's existing `twilio.validateRequest(authToken, signature,
 * url, params)` accepts Tasklane's callbacks unchanged:
 *   X-Twilio-Signature = base64(HMAC-SHA1(authToken, url + each POST param sorted by key as key+value))
 * The URL is the full URL the request is sent to, query string included.
 */
import { createHmac } from "node:crypto";

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + (params[key] ?? ""), url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

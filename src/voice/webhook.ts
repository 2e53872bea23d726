/**
 * Fetching TwiML the way Twilio does: POST a form (or GET with the parameters in the query), signed
 * with X-Twilio-Signature over the full URL (+ the sorted POST parameters), 15 s deadline, the body
 * bounded. A failure is Twilio's 11200 (HTTP retrieval failure) saying what happened.
 */
import { twilioSignature } from "../events/delivery/signature.ts";
import { VoiceError } from "./voice-errors.ts";

export const WEBHOOK_TIMEOUT_MS = 15_000;
const MAX_BODY = 256 * 1024;

export interface WebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

export async function requestWebhook(
  url: string,
  method: string,
  params: Record<string, string>,
  authToken: string,
  signal?: AbortSignal,
): Promise<WebhookAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new VoiceError(11200, `HTTP retrieval failure: "${url}" is not an absolute URL`);
  }
  const get = method.toUpperCase() === "GET";
  if (get) for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
  const signed = target.toString();
  const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  try {
    const response = await fetch(signed, {
      method: get ? "GET" : "POST",
      headers: {
        "X-Twilio-Signature": twilioSignature(authToken, signed, get ? {} : params),
        "User-Agent": "TwilioProxy/1.1 (Tasklane)",
        ...(get ? {} : { "Content-Type": "application/x-www-form-urlencoded" }),
      },
      ...(get ? {} : { body: new URLSearchParams(params).toString() }),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    const body = await response.text();
    if (body.length > MAX_BODY)
      throw new VoiceError(11200, `HTTP retrieval failure: ${url} answered more than ${MAX_BODY} bytes`);
    if (response.status < 200 || response.status > 299)
      throw new VoiceError(11200, `HTTP retrieval failure: HTTP ${response.status} from ${url}`);
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", body };
  } catch (error) {
    if (error instanceof VoiceError) throw error;
    if (timeout.aborted)
      throw new VoiceError(11200, `HTTP retrieval failure: no answer from ${url} within 15 s`);
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new VoiceError(11200, `HTTP retrieval failure: ${url} unreachable (${cause})`);
  }
}

/** A TwiML attribute URL resolved against the document it came from. */
export function resolveUrl(value: string, base: string | null): string {
  try {
    return new URL(value, base ?? undefined).toString();
  } catch {
    throw new VoiceError(11200, `HTTP retrieval failure: "${value}" is not a URL`);
  }
}

/**
 * One signed, form-encoded webhook POST with a deadline. Every way it can go wrong comes back as a
 * WebhookFailure whose `reason` says what happened (used in log lines and events), never a throw.
 */
import { twilioSignature } from "./signature.ts";

export interface WebhookResponse {
  ok: true;
  status: number;
  contentType: string;
  body: string;
}

export interface WebhookFailure {
  ok: false;
  reason: string;
  /** The HTTP status when the receiver answered. */
  status?: number;
}

export interface PostOptions {
  authToken: string;
  timeoutMs: number;
  /** Aborts the request when the server shuts down. */
  signal?: AbortSignal;
}

export async function postForm(
  url: string,
  params: Record<string, string>,
  options: PostOptions,
): Promise<WebhookResponse | WebhookFailure> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilioSignature(options.authToken, url, params),
        "User-Agent": "Tasklane",
      },
      body: new URLSearchParams(params).toString(),
      signal,
      redirect: "manual",
    });
    const body = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    if (response.status < 200 || response.status > 299) {
      return { ok: false, status: response.status, reason: `HTTP ${response.status} from ${url}` };
    }
    return { ok: true, status: response.status, contentType, body };
  } catch (error) {
    if (timeout.aborted) return { ok: false, reason: `no answer from ${url} within ${options.timeoutMs} ms` };
    if (options.signal?.aborted)
      return { ok: false, reason: `delivery to ${url} stopped: server shutting down` };
    return { ok: false, reason: `${url} unreachable (${describe(error)})` };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) return (cause as Error & { code?: string }).code ?? cause.message;
    return error.message;
  }
  return String(error);
}

/**
 * The one HTTP client of every callback (assignment and event callbacks): a signed, form-encoded
 * POST with a deadline and bounds, over pooled keep-alive connections.
 *
 * - Pool: one keep-alive agent per scheme, at most `maxSocketsPerOrigin` connections per origin;
 *   more requests wait in the agent's queue (inside their deadline).
 * - Deadline: ONE timer per request covers queueing, connecting, the headers and the whole body, so
 *   a receiver that trickles its answer is cut off like one that never answers.
 * - Size: an answer longer than `maxResponseBytes` (announced by Content-Length or counted while
 *   reading) is not read further: the connection is destroyed. For an assignment callback that is a
 *   failure; an event callback only needs the status, so a 2xx with an oversized body still counts.
 * - Targets: the callback-target policy (target-policy.ts) is checked on the URL's host and on every
 *   address the name resolves to, inside the connection's own lookup, so the connection goes to
 *   the address that was checked.
 * - Reasons: every failure comes back as a WebhookFailure whose `reason` (logged, and shown in
 *   events) holds the URL (password masked), the status code or a generic cause, never a byte of
 *   the answer.
 * - stop(): every request in flight is destroyed and answers "server shutting down".
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { twilioSignature } from "./signature.ts";
import { allowsEverything, blockedAddress, blockedHost, type TargetPolicy } from "./target-policy.ts";

export interface WebhookResponse {
  ok: true;
  status: number;
  contentType: string;
  /** The answer's text; "" when the caller did not ask for it. */
  body: string;
}

export interface WebhookFailure {
  ok: false;
  reason: string;
  /** The HTTP status when the receiver answered. */
  status?: number;
}

export type WebhookResult = WebhookResponse | WebhookFailure;

export interface WebhookClientOptions {
  authToken: string;
  policy: TargetPolicy;
  maxResponseBytes: number;
  maxSocketsPerOrigin: number;
}

export interface PostOptions {
  timeoutMs: number;
  /** Read and return the answer's body (assignment callbacks); otherwise only the status counts. */
  readBody: boolean;
}

const BLOCKED = "ETASKLANE_TARGET_BLOCKED";

/**
 * Told of every callback once it settled (for /metrics): assignment callbacks are the ones that read
 * the answer (`readBody`), event callbacks the others.
 */
export type WebhookObserver = (kind: "assignment" | "event", durationMs: number, ok: boolean) => void;

export class WebhookClient {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;
  private readonly inFlight = new Set<(reason: string) => void>();
  private readonly lookup: LookupFunction | undefined;
  private stopped = false;
  /** Set by the server's owner (metrics). */
  observer: WebhookObserver | null = null;

  constructor(private readonly options: WebhookClientOptions) {
    const pool = { keepAlive: true, maxSockets: options.maxSocketsPerOrigin, scheduling: "lifo" as const };
    this.http = new HttpAgent(pool);
    this.https = new HttpsAgent(pool);
    this.lookup = allowsEverything(options.policy) ? undefined : checkedLookup(options.policy);
  }

  post(url: string, params: Record<string, string>, options: PostOptions): Promise<WebhookResult> {
    if (this.stopped) return Promise.resolve(fail("delivery stopped: server shutting down"));
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(fail(`"${url}" is not a URL`));
    }
    const shown = shownUrl(target);
    if (target.protocol !== "http:" && target.protocol !== "https:")
      return Promise.resolve(fail(`${shown}: only http and https callbacks are sent`));
    const refused = blockedHost(this.options.policy, target.hostname);
    if (refused !== null) return Promise.resolve(fail(`${shown} blocked (${refused})`));
    const observer = this.observer;
    if (observer === null) return new Promise((resolve) => this.send(target, url, params, options, resolve));
    const started = performance.now();
    return new Promise<WebhookResult>((resolve) => this.send(target, url, params, options, resolve)).then(
      (result) => {
        observer(options.readBody ? "assignment" : "event", performance.now() - started, result.ok);
        return result;
      },
    );
  }

  /** Destroys every request in flight and the pooled connections; later posts fail at once. */
  stop(): void {
    this.stopped = true;
    for (const abort of [...this.inFlight]) abort(`delivery stopped: server shutting down`);
    this.http.destroy();
    this.https.destroy();
  }

  private send(
    target: URL,
    url: string,
    params: Record<string, string>,
    options: PostOptions,
    resolve: (result: WebhookResult) => void,
    retried = false,
  ): void {
    const body = new URLSearchParams(params).toString();
    const limit = this.options.maxResponseBytes;
    const shown = shownUrl(target);
    let response: IncomingMessage | null = null;
    let settled = false;
    const finish = (result: WebhookResult, destroy: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.inFlight.delete(abort);
      if (destroy) {
        response?.destroy();
        req.destroy();
      }
      resolve(result);
    };
    const abort = (reason: string) => finish(fail(reason), true);
    const isHttps = target.protocol === "https:";
    const req: ClientRequest = (isHttps ? httpsRequest : httpRequest)(target, {
      method: "POST",
      agent: isHttps ? this.https : this.http,
      ...(this.lookup ? { lookup: this.lookup } : {}),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(body),
        "X-Twilio-Signature": twilioSignature(this.options.authToken, url, params),
        "User-Agent": "Tasklane",
      },
    });
    const timer = setTimeout(
      () => abort(`no answer from ${shown} within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    timer.unref();
    this.inFlight.add(abort);
    req.on("error", (error: Error & { code?: string }) => {
      if (
        !retried &&
        !settled &&
        response === null &&
        req.reusedSocket &&
        (error.code === "ECONNRESET" || error.code === "EPIPE")
      ) {
        // The receiver closed a pooled keep-alive connection just as it was reused: send once more.
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(abort);
        return this.send(target, url, params, options, resolve, true);
      }
      finish(fail(`${shown} ${describe(error)}`), true);
    });
    req.on("response", (res) => {
      response = res;
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers["content-type"] ?? "");
      const answered = (text: string): WebhookResult =>
        status >= 200 && status <= 299
          ? { ok: true, status, contentType, body: text }
          : { ok: false, status, reason: `HTTP ${status} from ${shown}` };
      const tooLong = () =>
        options.readBody
          ? finish({ ok: false, status, reason: `answer from ${shown} is longer than ${limit} bytes` }, true)
          : finish(answered(""), true);
      if (Number(res.headers["content-length"] ?? 0) > limit) return tooLong();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) return tooLong();
        if (options.readBody) chunks.push(chunk);
      });
      res.on("end", () => finish(answered(Buffer.concat(chunks).toString("utf8")), false));
      res.on("error", (error) => finish(fail(`${shown} ${describe(error)}`), true));
    });
    req.end(body);
  }
}

/** The URL as reasons show it: a password in it (Basic auth to the receiver) is masked. */
function shownUrl(target: URL): string {
  if (target.password === "") return target.href;
  const copy = new URL(target.href);
  copy.password = "***";
  return copy.href;
}

function fail(reason: string): WebhookFailure {
  return { ok: false, reason };
}

/** A generic cause: the error code (ECONNREFUSED, ...) or the policy's reason. */
function describe(error: Error & { code?: string }): string {
  if (error.code === BLOCKED) return `blocked (${error.message})`;
  return `unreachable (${error.code ?? "connection failed"})`;
}

/** dns.lookup, refusing the whole name when one of its addresses is blocked by the policy. */
function checkedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      for (const { address } of addresses) {
        const refused = blockedAddress(policy, hostname, address);
        if (refused !== null) {
          const blocked = Object.assign(new Error(refused), { code: BLOCKED });
          return callback(blocked, "", 0);
        }
      }
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      return callback(null, first?.address ?? "", first?.family ?? 4);
    });
  };
}

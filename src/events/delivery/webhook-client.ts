/**
 * The one HTTP client of every callback (assignment and event callbacks): a signed, form-encoded
 * POST with a deadline and bounds, over pooled keep-alive connections.
 *
 * - Pool: one undici Agent (a keep-alive Pool per origin), at most `maxSocketsPerOrigin`
 *   connections per origin; more requests wait in the pool's queue (inside their deadline). The
 *   request goes through undici's dispatch API with one handler object: no ClientRequest /
 *   IncomingMessage streams, no AbortSignal (issue 11: node:http cost ~0.3 ms of CPU per POST).
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
import type { LookupFunction } from "node:net";
import { Agent, type Dispatcher } from "undici";
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
/** Errors of a pooled connection the receiver closed just as it was reused: the request is sent once more. */
const STALE_CONNECTION = new Set(["ECONNRESET", "EPIPE"]);

/**
 * Told of every callback once it settled (for /metrics): assignment callbacks are the ones that read
 * the answer (`readBody`), event callbacks the others.
 */
export type WebhookObserver = (kind: "assignment" | "event", durationMs: number, ok: boolean) => void;

export class WebhookClient {
  private readonly agent: Agent;
  private readonly inFlight = new Set<(reason: string) => void>();
  private stopped = false;
  /** Set by the server's owner (metrics). */
  observer: WebhookObserver | null = null;

  constructor(private readonly options: WebhookClientOptions) {
    const lookup = allowsEverything(options.policy) ? undefined : checkedLookup(options.policy);
    this.agent = new Agent({
      connections: options.maxSocketsPerOrigin,
      // The request's own timer is the deadline; undici's 300 s timers stay out of the way.
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(lookup ? { connect: { lookup } } : {}),
    });
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
    const body = new URLSearchParams(params).toString();
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(this.options.authToken, url, params),
      "user-agent": "Tasklane",
    };
    if (target.username !== "" || target.password !== "") {
      // Basic auth in the URL reaches the receiver, as node:http and Twilio send it.
      const user = decodeURIComponent(target.username);
      const password = decodeURIComponent(target.password);
      headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    }
    const request: Dispatcher.DispatchOptions = {
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: "POST",
      headers,
      body,
    };
    const observer = this.observer;
    const send = (resolve: (result: WebhookResult) => void) =>
      this.send(request, shown, options, resolve, false);
    if (observer === null) return new Promise(send);
    const started = performance.now();
    return new Promise<WebhookResult>(send).then((result) => {
      observer(options.readBody ? "assignment" : "event", performance.now() - started, result.ok);
      return result;
    });
  }

  /** Ends every request in flight and the pooled connections; later posts fail at once. */
  stop(): void {
    this.stopped = true;
    for (const abort of [...this.inFlight]) abort(`delivery stopped: server shutting down`);
    void this.agent.destroy().catch(() => {});
  }

  private send(
    request: Dispatcher.DispatchOptions,
    shown: string,
    options: PostOptions,
    resolve: (result: WebhookResult) => void,
    retried: boolean,
  ): void {
    const limit = this.options.maxResponseBytes;
    let controller: Dispatcher.DispatchController | null = null;
    let status = 0;
    let contentType = "";
    let started = false;
    let size = 0;
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (result: WebhookResult, cut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.inFlight.delete(abort);
      // Cutting the request destroys its connection (undici does not reuse an aborted one).
      if (cut && controller !== null && !controller.aborted) controller.abort(new Error("cut off"));
      resolve(result);
    };
    const abort = (reason: string) => finish(fail(reason), true);
    const answered = (text: string): WebhookResult =>
      status >= 200 && status <= 299
        ? { ok: true, status, contentType, body: text }
        : { ok: false, status, reason: `HTTP ${status} from ${shown}` };
    const tooLong = () =>
      options.readBody
        ? finish({ ok: false, status, reason: `answer from ${shown} is longer than ${limit} bytes` }, true)
        : finish(answered(""), true);
    const timer = setTimeout(
      () => abort(`no answer from ${shown} within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    timer.unref();
    this.inFlight.add(abort);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: (c) => {
        controller = c;
        // Settled while it waited in the pool's queue (deadline, stop): it is not sent.
        if (settled) c.abort(new Error("cut off"));
      },
      onResponseStart: (_c, statusCode, responseHeaders) => {
        if (statusCode < 200) return; // 1xx: the answer follows
        started = true;
        status = statusCode;
        const type = responseHeaders["content-type"];
        contentType = Array.isArray(type) ? (type[0] ?? "") : (type ?? "");
        if (Number(responseHeaders["content-length"] ?? 0) > limit) tooLong();
      },
      onResponseData: (_c, chunk) => {
        if (settled) return;
        size += chunk.length;
        if (size > limit) return tooLong();
        if (options.readBody) chunks.push(chunk);
      },
      onResponseEnd: () => {
        finish(answered(options.readBody ? Buffer.concat(chunks).toString("utf8") : ""), false);
      },
      onResponseError: (_c, error: Error & { code?: string; cause?: { code?: string } }) => {
        if (settled) return;
        const code = error.code === "UND_ERR_SOCKET" ? (error.cause?.code ?? error.code) : error.code;
        if (!retried && !started && controller !== null && STALE_CONNECTION.has(code ?? "")) {
          // The receiver closed a pooled keep-alive connection as it was reused: send once more.
          settled = true;
          clearTimeout(timer);
          this.inFlight.delete(abort);
          return this.send(request, shown, options, resolve, true);
        }
        finish(fail(`${shown} ${describe({ message: error.message, code })}`), false);
      },
    };
    try {
      this.agent.dispatch(request, handler);
    } catch (error) {
      finish(fail(`${shown} ${describe(error as Error & { code?: string })}`), false);
    }
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
function describe(error: { message: string; code?: string | undefined }): string {
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

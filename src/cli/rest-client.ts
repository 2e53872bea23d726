/**
 * The CLI's TaskRouter client: Node's fetch against the public REST API, with Basic auth, form
 * bodies and Twilio's error JSON. Plain fetch rather than the `twilio` package: that package is a
 * test-only devDependency (and large); the CLI needs five verbs on one base URL, and this way it
 * follows `next_page_url` on whatever address it was given, not only *.twilio.com.
 */
import type { JsonObject } from "../domain/entities.ts";
import { ApiError, type Form, type TaskRouterApi } from "../workspace-file/api.ts";

const TIMEOUT_MS = 30_000;

export class RestClient implements TaskRouterApi {
  private readonly auth: string;

  constructor(
    readonly baseUrl: string,
    username: string,
    password: string,
  ) {
    this.auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  get(path: string): Promise<JsonObject> {
    return this.send("GET", path);
  }

  async list(path: string, key: string): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    let next: string | null = path;
    while (next !== null) {
      const page = await this.send("GET", next);
      const batch = page[key];
      if (Array.isArray(batch)) for (const item of batch) if (isObject(item)) items.push(item);
      const meta = page.meta;
      const url = isObject(meta) && typeof meta.next_page_url === "string" ? meta.next_page_url : null;
      // next_page_url is absolute on the server's public URL; keep talking to the address we were given.
      next = url === null ? null : new URL(url).pathname + new URL(url).search;
    }
    return items;
  }

  post(path: string, form: Form): Promise<JsonObject> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, String(v));
    return this.send("POST", path, body);
  }

  async delete(path: string): Promise<void> {
    await this.send("DELETE", path);
  }

  private async send(method: string, path: string, body?: URLSearchParams): Promise<JsonObject> {
    const url = new URL(path, this.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: this.auth,
          accept: "application/json",
          ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause =
        error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(
        `cannot reach Tasklane at ${this.baseUrl} (${cause}): start it with \`npm start\`, or give its address with --url or TASKLANE_URL`,
      );
    }
    const text = await response.text();
    const json: unknown = text === "" ? {} : safeParse(text);
    if (!response.ok) {
      const e = isObject(json) ? json : {};
      const message =
        typeof e.message === "string"
          ? e.message
          : `${method} ${url.pathname} answered HTTP ${response.status}`;
      throw new ApiError(
        response.status,
        typeof e.code === "number" ? e.code : null,
        response.status === 401
          ? `${message}: check TASKLANE_ACCOUNT_SID / TASKLANE_AUTH_TOKEN (or TASKLANE_API_KEY / TASKLANE_API_SECRET)`
          : message,
        typeof e.more_info === "string" ? e.more_info : null,
      );
    }
    return isObject(json) ? json : {};
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

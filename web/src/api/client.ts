/**
 * The console's one way to the server: the public REST API with the session cookie (sent by the
 * browser, HttpOnly: scripts never see it) and the session's CSRF token in a header on writes.
 * Bodies are Twilio's form encoding; errors are Twilio's JSON, kept whole in ApiError.
 */

export interface TwilioErrorBody {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }

  /** The request parameter the message names ("Invalid parameter FriendlyName: …"), or null. */
  get field(): string | null {
    const match = /parameter '?([A-Za-z]+)'?/.exec(this.message);
    return match?.[1] ?? null;
  }
}

/** What to show for a failed request (an ApiError's Twilio message) or any other failure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type Json = Record<string, unknown>;
export type FormValue = string | number | boolean | undefined | null | readonly string[];

let csrfToken: string | null = null;
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export function formBody(values: Record<string, FormValue>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const one of value) body.append(name, one);
    else body.append(name, String(value));
  }
  return body;
}

export async function request<T = Json>(
  method: "GET" | "POST" | "DELETE",
  path: string,
  options: { query?: Record<string, FormValue>; form?: Record<string, FormValue>; json?: unknown } = {},
): Promise<T> {
  const qs = options.query === undefined ? "" : formBody(options.query).toString();
  const headers: Record<string, string> = { Accept: "application/json", "X-Tasklane-Console": "1" };
  if (method !== "GET" && csrfToken !== null) headers["X-Tasklane-CSRF"] = csrfToken;
  let body: BodyInit | undefined;
  if (options.form !== undefined) body = formBody(options.form);
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  const response = await fetch(qs === "" ? path : `${path}?${qs}`, {
    method,
    headers,
    body: body ?? null,
    credentials: "same-origin",
  });
  if (response.status === 204) return {} as T;
  const text = await response.text();
  const parsed: unknown = text === "" ? {} : safeJson(text);
  if (!response.ok) {
    const error = (parsed ?? {}) as TwilioErrorBody;
    if (response.status === 401 && !path.startsWith("/console/session")) onSignedOut();
    throw new ApiError(response.status, error.code ?? null, error.message ?? `HTTP ${response.status}`);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

export const get = <T = Json>(path: string, query?: Record<string, FormValue>) =>
  request<T>("GET", path, query === undefined ? {} : { query });
export const post = <T = Json>(path: string, form: Record<string, FormValue>) =>
  request<T>("POST", path, { form });
export const del = (path: string) => request("DELETE", path);

/** Every item of a Twilio list, following next_page_url (bounded). */
export async function listAll<T = Json>(
  path: string,
  key: string,
  query: Record<string, FormValue> = {},
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let url: string | null = path;
  let params: Record<string, FormValue> | undefined = { PageSize: 1000, ...query };
  for (let page = 0; url !== null && page < maxPages; page++) {
    const answer: Json = await get(url, params);
    items.push(...((answer[key] as T[] | undefined) ?? []));
    const next = (answer.meta as { next_page_url?: string | null } | undefined)?.next_page_url ?? null;
    url =
      next === null ? null : new URL(next, location.origin).pathname + new URL(next, location.origin).search;
    params = undefined;
  }
  return items;
}

export const ws = (workspaceSid: string, ...rest: string[]) =>
  ["/v1/Workspaces", workspaceSid, ...rest].join("/");
export const tl = (workspaceSid: string, ...rest: string[]) =>
  ["/tasklane/v1/Workspaces", workspaceSid, ...rest].join("/");

/**
 * The body the worker SDK POSTs: a JSON string `{url, method, params, token}` sent with a
 * `application/x-www-form-urlencoded` content type (axios's default for string bodies), so it is
 * read raw and parsed as JSON whatever the header says. `params` holds PascalCase keys with JSON
 * values (`Attributes` an object, booleans as booleans); they are turned into the REST layer's raw
 * string parameters so its decoders (and their error messages) apply unchanged.
 */
import type { RawParams } from "../../api/wire/form.ts";
import { Params } from "../../api/wire/params.ts";
import { invalidParameter, TaskRouterError } from "../../domain/errors.ts";

export interface EbRequest {
  method: "GET" | "POST";
  /** Relative path segments, e.g. ["Workspaces", "WS…", "Workers", "WK…"]. */
  segments: string[];
  params: Params;
  token: unknown;
}

export function parseEbRequest(raw: unknown): EbRequest {
  const text = typeof raw === "string" ? raw : Buffer.isBuffer(raw) ? raw.toString("utf8") : "";
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TaskRouterError(
      20001,
      400,
      "Invalid request body: expected the JSON object {url, method, params, token}",
    );
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TaskRouterError(
      20001,
      400,
      "Invalid request body: expected the JSON object {url, method, params, token}",
    );
  }
  const { url, method, params, token } = body as Record<string, unknown>;
  if (typeof url !== "string" || url === "")
    throw invalidParameter("url", "expected a relative path such as Workspaces/WS…/Workers/WK…");
  const upper = typeof method === "string" ? method.toUpperCase() : "";
  if (upper !== "GET" && upper !== "POST")
    throw invalidParameter("method", `expected GET or POST, got ${JSON.stringify(method)}`);
  const path = url.split("?")[0] ?? "";
  const segments = path
    .replace(/^\/+/, "")
    .replace(/^v1\//, "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
  return { method: upper, segments, params: new Params(toRawParams(params)), token };
}

function toRawParams(value: unknown): RawParams {
  const out: RawParams = Object.create(null);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    out[key] = Array.isArray(v) ? v.map(asText) : asText(v);
  }
  return out;
}

/** Strings stay as they are; objects (Attributes) become their JSON text; numbers and booleans their text. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

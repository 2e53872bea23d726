/**
 * The body the worker SDK POSTs: a JSON string `{url, method, params, token}` sent with a
 * `application/x-www-form-urlencoded` content type (axios's default for string bodies), so it is
 * read raw and parsed as JSON whatever the header says. `params` holds PascalCase keys with JSON
 * values (`Attributes` an object, booleans as booleans); they are turned into the REST layer's raw
 * string parameters so its decoders (and their error messages) apply unchanged.
 *
 * The token travels inside the body (the SDK sends no header), so the body must be read before
 * anyone is authenticated. It is read in two steps to keep that cheap for strangers:
 *   1. readEnvelope: the raw text, already capped by the route's body limit
 *      (TASKLANE_GATEWAY_BODY_LIMIT_BYTES, 413 above it), is scanned once for its nesting depth
 *      (MAX_BODY_DEPTH, 400 beyond it, so neither JSON.parse nor JSON.stringify can recurse deeply),
 *      then parsed; only the object shape and the token are looked at.
 *   2. interpret, once the token is verified: url, method and params.
 */

import { invalidBody, invalidParameter } from "../../domain/errors.ts";
import type { RawParams } from "../../wire/form.ts";
import { Params } from "../../wire/params.ts";

/**
 * Deepest nesting of objects and arrays accepted in a body: the envelope and `params` take 2, so
 * attributes keep 30 levels (REST attributes are at most 4 KiB of JSON).
 */
export const MAX_BODY_DEPTH = 32;

export interface EbEnvelope {
  token: unknown;
  body: Record<string, unknown>;
}

export interface EbRequest {
  method: "GET" | "POST";
  /** Relative path segments, e.g. ["Workspaces", "WS…", "Workers", "WK…"]. */
  segments: string[];
  params: Params;
}

const NOT_AN_ENVELOPE = "expected the JSON object {url, method, params, token}";

export function readEnvelope(raw: unknown): EbEnvelope {
  const text = typeof raw === "string" ? raw : Buffer.isBuffer(raw) ? raw.toString("utf8") : "";
  const depth = nestingDepth(text, MAX_BODY_DEPTH);
  if (depth > MAX_BODY_DEPTH) {
    throw invalidBody(`objects and arrays are nested more than ${MAX_BODY_DEPTH} levels deep`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidBody(NOT_AN_ENVELOPE);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw invalidBody(NOT_AN_ENVELOPE);
  }
  const record = body as Record<string, unknown>;
  return { token: record.token, body: record };
}

export function interpret(body: Record<string, unknown>): EbRequest {
  const { url, method, params } = body;
  if (typeof url !== "string" || url === "")
    throw invalidParameter("url", "expected a relative path such as Workspaces/WS…/Workers/WK…");
  const upper = typeof method === "string" ? method.toUpperCase() : "";
  if (upper !== "GET" && upper !== "POST")
    throw invalidParameter("method", `expected GET or POST, got ${JSON.stringify(method).slice(0, 60)}`);
  const path = url.split("?")[0] ?? "";
  const segments = path
    .replace(/^\/+/, "")
    .replace(/^v1\//, "")
    .split("/")
    .filter((s) => s !== "")
    .map(decodeSegment);
  return { method: upper, segments, params: new Params(toRawParams(params)) };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidParameter("url", `${JSON.stringify(segment.slice(0, 60))} is not a valid URL path segment`);
  }
}

/**
 * The deepest nesting of `{`/`[` outside strings, stopping as soon as it passes `limit`. One pass,
 * no recursion; malformed JSON is left to JSON.parse.
 */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
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

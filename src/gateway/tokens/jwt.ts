/**
 * The HS256 JSON Web Tokens Twilio access tokens are made of: `base64url(header).base64url(payload)
 * .base64url(HMAC-SHA256(secret, first two parts))`. Only what access tokens need: sign, split and
 * check a signature (constant-time compare). Claims are checked by access-token.ts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { JsonObject } from "../../domain/entities.ts";

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** `header.payload`, the signed text. */
  signingInput: string;
  signature: Buffer;
}

export function signJwt(header: JsonObject, payload: JsonObject, secret: string): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  return `${input}.${hmac(input, secret).toString("base64url")}`;
}

/** Splits and parses a compact JWT; null when it is not three base64url parts holding JSON objects. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [head = "", body = "", sig = ""] = parts;
  const header = parseObject(head);
  const payload = parseObject(body);
  if (header === null || payload === null || !/^[A-Za-z0-9_-]+$/.test(sig)) return null;
  return { header, payload, signingInput: `${head}.${body}`, signature: Buffer.from(sig, "base64url") };
}

/** True when `jwt` was signed with `secret` (HMAC-SHA256, compared in constant time). */
export function signatureMatches(jwt: DecodedJwt, secret: string): boolean {
  const expected = hmac(jwt.signingInput, secret);
  return expected.length === jwt.signature.length && timingSafeEqual(expected, jwt.signature);
}

function hmac(input: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(input).digest();
}

function encodePart(value: JsonObject): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function parseObject(part: string): JsonObject | null {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}

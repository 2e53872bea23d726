/**
 * Parameter rules shared by every command: friendly names, JSON attributes, integer ranges, If-Match.
 * Each failure is a TaskRouterError naming the parameter and what was expected.
 */
import type { JsonObject } from "../../domain/entities.ts";
import { invalidParameter, missingParameter, preconditionFailed } from "../../domain/errors.ts";
import {
  MAX_ATTRIBUTES_LENGTH as MAX_ATTRIBUTES_CHARS,
  MAX_FRIENDLY_NAME,
  MAX_PRIORITY,
} from "../../domain/limits.ts";

export { MAX_PRIORITY };

export function requireFriendlyName(param: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") throw missingParameter(param);
  return checkFriendlyName(param, value);
}

export function checkFriendlyName(param: string, value: string): string {
  if (value.trim() === "") throw invalidParameter(param, "must not be empty");
  if (value.length > MAX_FRIENDLY_NAME) {
    throw invalidParameter(param, `must be at most ${MAX_FRIENDLY_NAME} characters (got ${value.length})`);
  }
  return value;
}

/** Parse a JSON attributes document: a JSON object of at most 4,096 characters. */
export function parseAttributes(param: string, raw: string): JsonObject {
  if (raw.length > MAX_ATTRIBUTES_CHARS) {
    throw invalidParameter(param, `must be at most ${MAX_ATTRIBUTES_CHARS} characters (got ${raw.length})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw invalidParameter(param, `is not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidParameter(param, "must be a JSON object");
  }
  return value as JsonObject;
}

export function checkInteger(param: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(param, `must be an integer between ${min} and ${max} (got ${value})`);
  }
  return value;
}

/** If-Match: the ETag is the entity version as a quoted string; quoted or bare values are accepted. */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === "" || ifMatch.trim() === "*") return;
  const bare = ifMatch
    .trim()
    .replace(/^W\//, "")
    .replace(/^"(.*)"$/, "$1");
  if (bare !== String(version)) throw preconditionFailed(ifMatch, `"${version}"`);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Wire decoders: turn PascalCase form/query parameters into typed values, or fail with a 400 that
 * names the parameter and says what was expected. A repeated key given to a single-valued
 * parameter uses the last value.
 */
import { invalidParameter, missingParameter } from "../domain/errors.ts";
import { isSid } from "../domain/sid.ts";
import type { RawParams } from "./form.ts";

export class Params {
  constructor(private readonly raw: RawParams) {}

  static of(value: unknown): Params {
    return new Params(
      value !== null && typeof value === "object" && !Array.isArray(value) ? (value as RawParams) : {},
    );
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  string(name: string, options: { maxLength?: number } = {}): string | undefined {
    const value = this.raw[name];
    const text = Array.isArray(value) ? value.at(-1) : value;
    if (text !== undefined && options.maxLength !== undefined && text.length > options.maxLength) {
      throw invalidParameter(name, `must be at most ${options.maxLength} characters, got ${text.length}`);
    }
    return text;
  }

  required(name: string, options: { maxLength?: number } = {}): string {
    const value = this.string(name, options);
    if (value === undefined || value === "") throw missingParameter(name);
    return value;
  }

  /** An empty value clears the field (null); absent stays undefined. */
  nullableString(name: string): string | null | undefined {
    const value = this.string(name);
    return value === "" ? null : value;
  }

  /** TaskRouter booleans: `true`, `1` or `yes` (any case) are true; anything else is false. */
  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    return ["true", "1", "yes"].includes(value.trim().toLowerCase());
  }

  integer(name: string, range: { min: number; max: number }): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim())) throw invalidParameter(name, `expected an integer, got "${value}"`);
    const n = Number(value);
    if (n < range.min || n > range.max) {
      throw invalidParameter(name, `must be between ${range.min} and ${range.max}, got ${n}`);
    }
    return n;
  }

  /** ISO 8601 date-time (a bare date means midnight UTC); returns epoch ms. */
  date(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
    const ms = iso.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms))
      throw invalidParameter(name, `expected an ISO 8601 date such as 2026-01-31T09:00:00Z, got "${value}"`);
    return ms;
  }

  enumOf<const T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParameter(name, `expected one of ${allowed.join(", ")}, got "${value}"`);
    }
    return value as T;
  }

  sid(name: string, prefix: string): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!isSid(value, prefix))
      throw invalidParameter(name, `expected a ${prefix} SID (${prefix} + 32 hex digits), got "${value}"`);
    return value;
  }

  /** Every value of a repeated key, in order. */
  list(name: string): string[] | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? [...value] : [value];
  }

  /** Every key, for echoing filters. */
  entries(): Array<[string, string | string[]]> {
    return Object.entries(this.raw);
  }
}

/** Validates a SID taken from the URL path; an impossible one is simply not found. */
export function pathSid(value: string, prefix: string): boolean {
  return isSid(value, prefix);
}

/** URI-valued form parameters: an absolute http(s) URL; an empty value clears the field (null). */
import { invalidParameter } from "../domain/errors.ts";
import type { Params } from "./params.ts";

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value) && URL.canParse(value);
}

export function urlParam(params: Params, name: string): string | null | undefined {
  const value = params.nullableString(name);
  if (value === null || value === undefined) return value;
  if (!isHttpUrl(value)) throw invalidParameter(name, `expected an absolute http(s) URL, got "${value}"`);
  return value;
}

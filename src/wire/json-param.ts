/**
 * JSON-valued form parameters (`Attributes`, `Configuration`, `EvaluateWorkerAttributes`, ...):
 * the client sends a string holding a JSON object, which is kept verbatim. Two mistakes are caught
 * here so the 400 names the parameter: text that is not a JSON object, and an object serialised
 * as form fields (`Attributes[a]=1`, what `qs` sends when an SDK caller passes an object).
 */
import { invalidParameter } from "../domain/errors.ts";
import type { Params } from "./params.ts";

export function jsonObjectParam(
  params: Params,
  name: string,
  options: { maxLength?: number } = {},
): string | undefined {
  const nested = params.entries().find(([key]) => key.startsWith(`${name}[`));
  if (nested !== undefined) {
    throw invalidParameter(
      name,
      `expected a JSON string, got form fields (${nested[0]}=...); send JSON.stringify(...) of the object`,
    );
  }
  const text = params.string(name, options);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw invalidParameter(name, `not valid JSON (${detail})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidParameter(name, 'expected a JSON object such as {"skills":["english"]}');
  }
  return text;
}

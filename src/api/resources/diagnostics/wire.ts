/**
 * Diagnostics answers on the wire: the engine's camelCase reports turned into snake_case JSON, with
 * one rule for times: a key ending in `At` holding epoch milliseconds becomes an ISO 8601 date
 * (`stepDeadlineAt` -> `step_deadline_at: "2026-01-31T09:00:30Z"`). Keys of plain records (status
 * names, activity names) are lower-case already and stay as they are.
 */
import { isoDate } from "../../../wire/render.ts";

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toWire(value: unknown, key = ""): unknown {
  if (key.endsWith("At") && typeof value === "number") return isoDate(value);
  if (Array.isArray(value)) return value.map((v) => toWire(v));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toWire(v, k)]));
  }
  return value;
}

/**
 * The `Ordering` list parameter: `Attribute:asc|desc`, several joined by commas
 * (`Priority:desc,DateCreated:asc`). The direction may be left out (ascending). Each resource
 * names the attributes it sorts on; an unknown attribute or direction is a 400 naming `Ordering`.
 */
import { invalidParameter } from "../../domain/errors.ts";

export interface SortKey<F extends string> {
  field: F;
  descending: boolean;
}

export function parseOrdering<F extends string>(raw: string, allowed: readonly F[]): SortKey<F>[] {
  const keys: SortKey<F>[] = [];
  for (const part of raw.split(",")) {
    const [name = "", direction = "asc", extra] = part.trim().split(":");
    const field = allowed.find((f) => f === name);
    if (field === undefined) {
      throw invalidParameter(
        "Ordering",
        `'${name}' is not a sort attribute; expected one of ${allowed.join(", ")}`,
      );
    }
    if (extra !== undefined || (direction !== "asc" && direction !== "desc")) {
      throw invalidParameter("Ordering", `'${part.trim()}' must be written ${field}:asc or ${field}:desc`);
    }
    if (keys.some((k) => k.field === field)) {
      throw invalidParameter("Ordering", `${field} appears more than once`);
    }
    keys.push({ field, descending: direction === "desc" });
  }
  return keys;
}

/**
 * Sorts in place by the keys in turn. The sort is stable, so ties keep the view's order (creation
 * order), which keeps pages stable for the page token. `value` maps an item and attribute to a number.
 */
export function sortBy<T, F extends string>(
  items: T[],
  keys: SortKey<F>[],
  value: (item: T, field: F) => number,
): T[] {
  return items.sort((a, b) => {
    for (const key of keys) {
      const d = value(a, key.field) - value(b, key.field);
      if (d !== 0) return key.descending ? -d : d;
    }
    return 0;
  });
}

/** True when `items` already are in the order `sortBy` would give (then sorting can be skipped). */
export function isSorted<T, F extends string>(
  items: readonly T[],
  keys: SortKey<F>[],
  value: (item: T, field: F) => number,
): boolean {
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1] as T;
    const b = items[i] as T;
    for (const key of keys) {
      const d = value(a, key.field) - value(b, key.field);
      if (d === 0) continue;
      if (key.descending ? d < 0 : d > 0) return false;
      break;
    }
  }
  return true;
}

/**
 * The typing rules of the comparison operators, in one place. Values are JSON values; a missing key
 * is `null`. "Scalars" are strings, numbers, booleans and null; arrays and objects are not.
 *
 * - `==` (`=`): true for two scalars of the same type that are equal; a number equals a numeric
 *   string with the same numeric value ("09" == 9); null equals only null. Arrays/objects: false.
 * - `!=`: the negation of `==` for scalars (so a missing key != "x" is true). With an array/object
 *   it is a presence test only: `list != null` is true, `list != "x"` is false.
 * - `>` `>=` `<` `<=`: two numbers, a number and a numeric string (compared as numbers), or two
 *   strings (compared by code units). Anything else, including booleans and null: false.
 * - `CONTAINS`: two strings, substring test. Anything else: false.
 * - `HAS`: left must be an array. Right scalar: some element `==` it. Right array: every element
 *   of the right is in the left (an empty right array is contained in any array). Else false.
 * - `IN`: right must be an array. Left scalar: some element `==` it. Left array: the two share at
 *   least one element. Else false.
 * - `NOT IN`: true when `IN` is false and the right side is an array or NULL (a missing list is
 *   taken as empty, so `worker.sid NOT IN task.rejected` holds when the task has no such list).
 *   Two non-null scalars: false, like every array operator on scalars.
 */
import type { JsonValue } from "../domain/entities.ts";
import type { Operator } from "./ast.ts";

export type Test = (left: JsonValue, right: JsonValue) => boolean;

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Strict decimal syntax: optional minus sign, digits with optional fraction, optional exponent; no spaces. */
export function isNumericString(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s[i] === "-") i++;
  const intStart = i;
  while (i < n && isDigitCode(s.charCodeAt(i))) i++;
  let digits = i - intStart;
  if (s[i] === ".") {
    const fracStart = ++i;
    while (i < n && isDigitCode(s.charCodeAt(i))) i++;
    digits += i - fracStart;
  }
  if (digits === 0) return false;
  if (s[i] === "e" || s[i] === "E") {
    i++;
    if (s[i] === "-" || s[i] === "+") i++;
    const start = i;
    while (i < n && isDigitCode(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  return i === n;
}

const isScalar = (v: JsonValue): v is string | number | boolean | null => v === null || typeof v !== "object";

export function equals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return a === null || typeof a !== "object";
  if (typeof a === "number") return typeof b === "string" && isNumericString(b) && Number(b) === a;
  if (typeof b === "number") return typeof a === "string" && isNumericString(a) && Number(a) === b;
  return false;
}

export function notEquals(a: JsonValue, b: JsonValue): boolean {
  if (isScalar(a) && isScalar(b)) return !equals(a, b);
  return (a === null) !== (b === null);
}

/** -1/0/1 for comparable values, undefined when the pair cannot be ordered. */
function order(a: JsonValue, b: JsonValue): number | undefined {
  let x: number;
  let y: number;
  if (typeof a === "number") {
    x = a;
    if (typeof b === "number") y = b;
    else if (typeof b === "string" && isNumericString(b)) y = Number(b);
    else return undefined;
  } else if (typeof a === "string") {
    if (typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
    if (typeof b !== "number" || !isNumericString(a)) return undefined;
    x = Number(a);
    y = b;
  } else return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

function contains(list: readonly JsonValue[], v: JsonValue): boolean {
  for (const e of list) if (equals(e, v)) return true;
  return false;
}

export function has(a: JsonValue, b: JsonValue): boolean {
  if (!Array.isArray(a)) return false;
  if (Array.isArray(b)) {
    for (const e of b) if (!contains(a, e)) return false;
    return true;
  }
  return isScalar(b) && contains(a, b);
}

export function isIn(a: JsonValue, b: JsonValue): boolean {
  if (!Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    for (const e of a) if (contains(b, e)) return true;
    return false;
  }
  return isScalar(a) && contains(b, a);
}

export function notIn(a: JsonValue, b: JsonValue): boolean {
  if (b === null) return isScalar(a) || Array.isArray(a);
  if (!Array.isArray(b)) return false;
  if (!isScalar(a) && !Array.isArray(a)) return false;
  return !isIn(a, b);
}

export const TESTS: Record<Operator, Test> = {
  "==": equals,
  "!=": notEquals,
  ">": (a, b) => (order(a, b) ?? 0) > 0,
  ">=": (a, b) => {
    const o = order(a, b);
    return o !== undefined && o >= 0;
  },
  "<": (a, b) => (order(a, b) ?? 0) < 0,
  "<=": (a, b) => {
    const o = order(a, b);
    return o !== undefined && o <= 0;
  },
  CONTAINS: (a, b) => typeof a === "string" && typeof b === "string" && a.includes(b),
  HAS: has,
  IN: isIn,
  "NOT IN": notIn,
};

/**
 * A key for indexing scalar values by the language's equality: values that are `==` always get
 * the same key (2, "2" and "02" all get "n:2"); values that are not may share one ("02" and "2"
 * are not `==` as strings), so an index built on it yields candidates to confirm with the full
 * predicate. Arrays and objects have no key (no scalar is `==` to them).
 */
export function indexKey(value: JsonValue): string | undefined {
  if (typeof value === "number") return `n:${value}`;
  if (typeof value === "string") return isNumericString(value) ? `n:${Number(value)}` : `s:${value}`;
  if (typeof value === "boolean") return value ? "b:1" : "b:0";
  return value === null ? "null" : undefined;
}

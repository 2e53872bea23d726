/**
 * PostgreSQL cannot hold U+0000 nor a lone UTF-16 surrogate in text or jsonb (jsonb refuses the
 * escape \ud800; text would silently turn it into U+FFFD), but TaskRouter accepts any JSON string,
 * and JSON.parse of `"\ud800"` gives one. At this adapter's edge every string is encoded reversibly:
 * U+0000 becomes U+E000 "0", a lone surrogate U+D800..U+DFFF becomes U+E000 "u" and its four hex
 * digits, and U+E000 itself becomes U+E000 "m"; reads decode (the pool's type parsers for text and
 * jsonb, see ./connection.ts). Strings without these characters, i.e. nearly all, pass unchanged,
 * and documents are only walked when their JSON text contains one.
 */
const NUL = "\u0000";
const MARK = "\uE000";
/** With the u flag, [\uD800-\uDFFF] matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is one of the characters encoded here.
const TO_ENCODE = /[\u0000\uE000]|[\uD800-\uDFFF]/gu;
const ENCODED = /\uE000(?:([0m])|u(d[89a-f][0-9a-f]{2}))/g;
/** How JSON.stringify writes U+0000 and lone surrogates: as escapes. */
const ESCAPED_IN_JSON = /\\u(?:0000|d[89a-f])/;

export function encodeText(value: string): string {
  if (!value.includes(NUL) && !value.includes(MARK) && !LONE_SURROGATE.test(value)) return value;
  return value.replace(TO_ENCODE, (c) =>
    c === NUL ? `${MARK}0` : c === MARK ? `${MARK}m` : `${MARK}u${c.charCodeAt(0).toString(16)}`,
  );
}

export function decodeText(value: string): string {
  if (!value.includes(MARK)) return value;
  return value.replace(ENCODED, (_, k: string | undefined, hex: string | undefined) =>
    hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : k === "0" ? NUL : MARK,
  );
}

function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[map(key)] = mapStrings(item, map);
    return result;
  }
  return value;
}

/** A jsonb parameter: already encoded, so the string encoding of sqlParams leaves it alone. */
export class JsonParam {
  constructor(readonly text: string) {}
  toPostgres(): string {
    return this.text;
  }
}

export function jsonParam(value: unknown): JsonParam {
  const text = JSON.stringify(value);
  // JSON.stringify writes U+0000 and lone surrogates as escapes, U+E000 as itself.
  if (!ESCAPED_IN_JSON.test(text) && !text.includes(MARK)) return new JsonParam(text);
  return new JsonParam(JSON.stringify(mapStrings(value, encodeText)));
}

export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return text.includes(MARK) ? mapStrings(value, decodeText) : value;
}

/** Query parameters with every string (also inside arrays) encoded. */
export function sqlParams(values: readonly unknown[]): unknown[] {
  return values.map((value) =>
    typeof value === "string" ? encodeText(value) : Array.isArray(value) ? sqlParams(value) : value,
  );
}

/**
 * PostgreSQL cannot hold U+0000 in text or jsonb, but TaskRouter accepts it in any string (friendly
 * names, attributes). At this adapter's edge every string is encoded reversibly: U+0000 becomes
 * U+E000 "0" and U+E000 itself becomes U+E000 "m"; reads decode (the pool's type parsers for text and
 * jsonb, see ./connection.ts). Strings without either character, i.e. nearly all, pass unchanged, and
 * the documents are only walked when their JSON text contains one.
 */
const NUL = "\u0000";
const MARK = "\uE000";

export function encodeText(value: string): string {
  if (!value.includes(NUL) && !value.includes(MARK)) return value;
  return value.replaceAll(MARK, `${MARK}m`).replaceAll(NUL, `${MARK}0`);
}

export function decodeText(value: string): string {
  if (!value.includes(MARK)) return value;
  return value.replace(/\uE000([0m])/g, (_, k: string) => (k === "0" ? NUL : MARK));
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
  // JSON.stringify writes U+0000 as the escape \u0000 and U+E000 as itself.
  if (!text.includes("\\u0000") && !text.includes(MARK)) return new JsonParam(text);
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

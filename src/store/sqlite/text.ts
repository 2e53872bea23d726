/**
 * SQLite keeps text as UTF-8, which cannot hold a lone UTF-16 surrogate (better-sqlite3 would write
 * U+FFFD instead), yet TaskRouter accepts any JSON string and JSON.parse of `"\ud800"` gives one. A
 * text column's value with a lone surrogate (rare) is therefore stored as a BLOB of its UTF-16 code
 * units, which keeps it exactly; reads turn a BLOB back into the same string. Every other string is
 * stored as text, unchanged, so existing databases read as before. JSON columns need nothing:
 * JSON.stringify writes lone surrogates as \u escapes.
 */

/** With the u flag, [\uD800-\uDFFF] matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export type SqliteText = string | Buffer;

export function toSqliteText(value: string): SqliteText {
  return LONE_SURROGATE.test(value) ? Buffer.from(value, "utf16le") : value;
}

export function fromSqliteText(value: SqliteText): string {
  return typeof value === "string" ? value : value.toString("utf16le");
}

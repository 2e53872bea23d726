/**
 * ETag of a list response (ListTask, ListWorker, ListTaskReservation declare one): a quoted number
 * derived from the SIDs and versions of the listed entities, so it changes whenever any of them
 * changes, is added or leaves the list. Like entity ETags it is JSON-parseable.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const COLON = 58;
const SEMICOLON = 59;
const ZERO = 48;
const digits: number[] = [];

export function listEtag(items: Iterable<{ sid: string; version: number }>): string {
  // FNV-1a (32 bit) over "sid:version;" for each item, hashed in place (no string per item).
  let hash = FNV_OFFSET;
  for (const item of items) {
    hash = hashText(hash, item.sid);
    hash = Math.imul(hash ^ COLON, FNV_PRIME) >>> 0;
    hash = hashNumber(hash, item.version);
    hash = Math.imul(hash ^ SEMICOLON, FNV_PRIME) >>> 0;
  }
  return `"${hash}"`;
}

function hashText(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
}

/** The same as hashing String(n): digit by digit for the usual non-negative integers. */
function hashNumber(hash: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) return hashText(hash, String(n));
  let rest = n;
  digits.length = 0;
  do {
    digits.push(rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
  let h = hash;
  for (let i = digits.length - 1; i >= 0; i--) h = Math.imul(h ^ (ZERO + (digits[i] ?? 0)), FNV_PRIME) >>> 0;
  return h;
}

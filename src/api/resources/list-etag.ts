/**
 * ETag of a list response (ListTask, ListWorker, ListTaskReservation declare one): a quoted number
 * derived from the SIDs and versions of the listed entities, so it changes whenever any of them
 * changes, is added or leaves the list. Like entity ETags it is JSON-parseable.
 */
export function listEtag(items: Iterable<{ sid: string; version: number }>): string {
  // FNV-1a (32 bit) over "sid:version;" for each item.
  let hash = 0x811c9dc5;
  for (const item of items) {
    const text = `${item.sid}:${item.version};`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return `"${hash}"`;
}

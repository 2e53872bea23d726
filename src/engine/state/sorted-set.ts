/**
 * An ordered set of ids, each with a sort key (a tuple compared element by element). Used for the
 * per-queue, per-channel lists of waiting tasks (queue order); available workers live in the lazily
 * invalidated AvailableIndex instead (available-index.ts). A sorted array with binary search:
 * lookups and ordered scans are cheap, inserts and removals are one memmove, which stays fast for
 * the number of tasks waiting in one queue.
 *
 * An insert that does not go at the end is placed lazily: it is appended, and the next ordered
 * read places what was appended since (each by binary search when few, one sort when many: a
 * restore files a million tasks before anything reads the lists). The order is the same either way
 * (key, then id: a total order).
 */

export type SortKey = readonly (number | string)[];

export function compareKeys(a: SortKey, b: SortKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

interface Entry {
  id: string;
  key: SortKey;
}

function compareEntries(a: Entry, b: Entry): number {
  return compareKeys(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class SortedSet {
  private readonly items: Entry[] = [];
  /** items[0, sorted) are in order; the rest were appended by `upsert` and not yet placed. */
  private sorted = 0;
  private readonly byId = new Map<string, Entry>();

  get size(): number {
    return this.items.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  keyOf(id: string): SortKey | undefined {
    return this.byId.get(id)?.key;
  }

  /** Insert `id` with `key`, or move it when its key changed. */
  upsert(id: string, key: SortKey): void {
    const existing = this.byId.get(id);
    if (existing) {
      if (compareKeys(existing.key, key) === 0) return;
      this.delete(id);
    }
    const entry = { id, key };
    const items = this.items;
    const last = items[items.length - 1];
    items.push(entry);
    if (this.sorted === items.length - 1 && (last === undefined || compareEntries(last, entry) < 0))
      this.sorted = items.length;
    this.byId.set(id, entry);
  }

  delete(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.settle();
    const i = this.lowerBound(entry);
    // Several entries never share (key, id): the id is the final tie-break.
    if (this.items[i] !== entry) throw new Error(`sorted set corrupted around ${id}`);
    this.items.splice(i, 1);
    this.sorted--;
    this.byId.delete(id);
    return true;
  }

  first(): string | undefined {
    this.settle();
    return this.items[0]?.id;
  }

  /** Ids in order. Do not modify the set while iterating; copy with `toArray()` first if needed. */
  *ids(): IterableIterator<string> {
    this.settle();
    for (const entry of this.items) yield entry.id;
  }

  toArray(): string[] {
    this.settle();
    return this.items.map((e) => e.id);
  }

  /** Place the entries appended out of order since the last ordered read. */
  private settle(): void {
    const items = this.items;
    const n = items.length;
    if (this.sorted === n) return;
    if (n - this.sorted > 16) items.sort(compareEntries);
    else {
      const added = items.splice(this.sorted);
      for (const entry of added) {
        items.splice(this.lowerBound(entry), 0, entry);
        this.sorted++;
      }
    }
    this.sorted = n;
  }

  /** Position of `entry` in the ordered part. */
  private lowerBound(entry: Entry): number {
    let lo = 0;
    let hi = this.sorted;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareEntries(this.items[mid] as Entry, entry);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

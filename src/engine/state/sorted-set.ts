/**
 * An ordered set of ids, each with a sort key (a tuple compared element by element). Used for the
 * per-queue, per-channel lists of waiting tasks (queue order); available workers live in the lazily
 * invalidated AvailableIndex instead (available-index.ts). A sorted array with binary search:
 * lookups and ordered scans are cheap, inserts and removals are one memmove, which stays fast for
 * the number of tasks waiting in one queue.
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

export class SortedSet {
  private readonly items: Entry[] = [];
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
    this.items.splice(this.lowerBound(entry), 0, entry);
    this.byId.set(id, entry);
  }

  delete(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    const i = this.lowerBound(entry);
    // Several entries never share (key, id): the id is the final tie-break.
    if (this.items[i] !== entry) throw new Error(`sorted set corrupted around ${id}`);
    this.items.splice(i, 1);
    this.byId.delete(id);
    return true;
  }

  first(): string | undefined {
    return this.items[0]?.id;
  }

  /** Ids in order. Do not modify the set while iterating; copy with `toArray()` first if needed. */
  *ids(): IterableIterator<string> {
    for (const entry of this.items) yield entry.id;
  }

  toArray(): string[] {
    return this.items.map((e) => e.id);
  }

  private lowerBound(entry: Entry): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.items[mid] as Entry;
      const c = compareKeys(other.key, entry.key) || (other.id < entry.id ? -1 : other.id > entry.id ? 1 : 0);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * A binary min-heap over an array, ordered by a strict `less`. The engine's timers and the
 * statistics' longest-waiting lookups both keep lazily deleted entries in one of these: the heap only
 * orders, the owner decides which entries are still live.
 */
export class BinaryHeap<T> {
  private items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  top(): T | undefined {
    return this.items[0];
  }

  /** Every entry, in heap (not sorted) order. */
  entries(): readonly T[] {
    return this.items;
  }

  push(entry: T): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i] as T, items[parent] as T)) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  /** Removes the top entry. */
  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.less(items[l] as T, items[m] as T)) m = l;
      if (r < items.length && this.less(items[r] as T, items[m] as T)) m = r;
      if (m === i) return;
      [items[i], items[m]] = [items[m] as T, items[i] as T];
      i = m;
    }
  }

  /** Replaces the content with `entries`. */
  rebuild(entries: readonly T[]): void {
    this.items = [];
    for (const entry of entries) this.push(entry);
  }
}

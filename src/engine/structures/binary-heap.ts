/**
 * A binary min-heap over an array, ordered by a strict `less`. The engine's timers and the
 * statistics' longest-waiting lookups both keep lazily deleted entries in one of these: the heap only
 * orders, the owner decides which entries are still live.
 *
 * Pushes are ordered lazily: `push` appends, and the next read (`top`, `pop`, `entries`) first
 * orders what was appended since: one sift-up each when few were added (what pushing one by one
 * does), one O(n) heapify when many were (a restore pushes a million timers before the first read).
 * Either way the result is a valid heap of the same entries, so with a total order (every owner
 * breaks ties) the entries come out in the same order.
 */
export class BinaryHeap<T> {
  private items: T[] = [];
  /** items[0, ordered) form a heap; the rest were appended by `push` and not yet placed. */
  private ordered = 0;

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  top(): T | undefined {
    this.settle();
    return this.items[0];
  }

  /** Every entry, in heap (not sorted) order. */
  entries(): readonly T[] {
    this.settle();
    return this.items;
  }

  push(entry: T): void {
    this.items.push(entry);
  }

  /** Removes the top entry. */
  pop(): void {
    this.settle();
    const items = this.items;
    const last = items.pop();
    this.ordered = items.length;
    if (last === undefined || items.length === 0) return;
    this.siftDown(0, last);
  }

  /** Replaces the content with `entries` (ordered on the next read). */
  rebuild(entries: readonly T[]): void {
    this.items = entries.slice();
    this.ordered = 0;
  }

  /** Place the entries appended since the last read. */
  private settle(): void {
    const items = this.items;
    const n = items.length;
    const added = n - this.ordered;
    if (added === 0) return;
    // Sift-ups cost about log2(n) each, a heapify about 2n in all.
    if (added * Math.log2(n + 1) < 2 * n) {
      for (let i = this.ordered; i < n; i++) this.siftUp(i);
    } else {
      for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, items[i] as T);
    }
    this.ordered = n;
  }

  private siftUp(start: number): void {
    const items = this.items;
    const entry = items[start] as T;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (!this.less(entry, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  /** Put `entry` at `start` and move it down to its place (the subtrees below are heaps). */
  private siftDown(start: number, entry: T): void {
    const items = this.items;
    const n = items.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && this.less(items[r] as T, items[l] as T)) m = r;
      const child = items[m] as T;
      if (!this.less(child, entry)) break;
      items[i] = child;
      i = m;
    }
    items[i] = entry;
  }
}

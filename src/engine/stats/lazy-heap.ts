/**
 * A min-heap of (key, id, generation) entries with lazy deletion: removing an id only bumps the
 * caller's generation for it, and stale entries are dropped when they reach the top (`peek` asks
 * the caller whether the top is still live). `compact` rebuilds from the live entries when stale
 * ones pile up, so memory stays proportional to the live set.
 */

export interface HeapEntry {
  key: number;
  id: string;
  gen: number;
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.key < b.key || (a.key === b.key && a.id < b.id);
}

export class LazyHeap {
  private items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i] as HeapEntry, items[parent] as HeapEntry)) break;
      [items[i], items[parent]] = [items[parent] as HeapEntry, items[i] as HeapEntry];
      i = parent;
    }
  }

  /** The smallest live entry; stale entries met on the way are discarded. */
  peek(isLive: (entry: HeapEntry) => boolean): HeapEntry | undefined {
    for (let top = this.items[0]; top !== undefined; top = this.items[0]) {
      if (isLive(top)) return top;
      this.pop();
    }
    return undefined;
  }

  /** Drop every stale entry when more than half of the heap is stale. */
  compact(liveCount: number, isLive: (entry: HeapEntry) => boolean): void {
    if (this.items.length < 64 || this.items.length < liveCount * 2) return;
    const live = this.items.filter(isLive);
    this.items = [];
    for (const entry of live) this.push(entry);
  }

  private pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && less(items[l] as HeapEntry, items[m] as HeapEntry)) m = l;
      if (r < items.length && less(items[r] as HeapEntry, items[m] as HeapEntry)) m = r;
      if (m === i) return;
      [items[i], items[m]] = [items[m] as HeapEntry, items[i] as HeapEntry];
      i = m;
    }
  }
}

/**
 * A min-heap of (key, id) entries with lazy deletion: removing an id only marks its entry dead
 * (the caller keeps a reference to it), and stale entries are dropped when they reach the top
 * (`peek` asks the caller whether the top is still live). `compact` rebuilds from the live entries when stale
 * ones pile up, so memory stays proportional to the live set.
 */

import { BinaryHeap } from "../structures/binary-heap.ts";

export interface HeapEntry {
  readonly key: number;
  readonly id: string;
  /** Set by the owner when the entry no longer stands for a live item. */
  dead: boolean;
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.key < b.key || (a.key === b.key && a.id < b.id);
}

export class LazyHeap {
  private readonly heap = new BinaryHeap<HeapEntry>(less);

  get size(): number {
    return this.heap.size;
  }

  push(entry: HeapEntry): void {
    this.heap.push(entry);
  }

  /** The smallest live entry; stale entries met on the way are discarded. */
  peek(isLive: (entry: HeapEntry) => boolean): HeapEntry | undefined {
    for (let top = this.heap.top(); top !== undefined; top = this.heap.top()) {
      if (isLive(top)) return top;
      this.heap.pop();
    }
    return undefined;
  }

  /** Drop every stale entry when more than half of the heap is stale. */
  compact(liveCount: number, isLive: (entry: HeapEntry) => boolean): void {
    if (this.heap.size < 64 || this.heap.size < liveCount * 2) return;
    this.heap.rebuild(this.heap.entries().filter(isLive));
  }
}

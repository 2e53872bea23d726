/**
 * BinaryHeap and SortedSet place inserts lazily (on the next ordered read: one by one when few, one
 * heapify or sort when many, as a restore does). Model checks: under random interleavings of
 * inserts, removals and reads, both give exactly what an eagerly kept sorted list gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys, SortedSet, type SortKey } from "../../../../src/engine/state/sorted-set.ts";
import { BinaryHeap } from "../../../../src/engine/structures/binary-heap.ts";

interface Item {
  at: number;
  seq: number;
}
const less = (a: Item, b: Item) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
const byOrder = (a: Item, b: Item) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);

// Bursts of pushes (sizes 1..300) take both placement paths: sift-ups and a whole heapify.
const heapOps = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant("push" as const),
      ats: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }),
    }),
    fc.record({ op: fc.constant("pop" as const), n: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant("rebuild" as const) }),
  ),
  { maxLength: 40 },
);

describe("BinaryHeap (lazily ordered pushes)", () => {
  it("pops in the same order as a sorted model under random bursts of pushes, pops and rebuilds", () => {
    fc.assert(
      fc.property(heapOps, (ops) => {
        const heap = new BinaryHeap<Item>(less);
        let model: Item[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.op === "push") {
            for (const at of o.ats) {
              const item = { at, seq: seq++ };
              heap.push(item);
              model.push(item);
            }
            model.sort(byOrder);
          } else if (o.op === "pop") {
            for (let i = 0; i < o.n; i++) {
              expect(heap.top()).toBe(model[0]);
              heap.pop();
              model.shift();
            }
          } else {
            heap.rebuild(heap.entries().filter((e) => e.seq % 3 !== 0));
            model = model.filter((e) => e.seq % 3 !== 0);
          }
          expect(heap.size).toBe(model.length);
        }
        const drained: Item[] = [];
        for (let top = heap.top(); top !== undefined; top = heap.top()) {
          drained.push(top);
          heap.pop();
        }
        expect(drained).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });
});

const setOps = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant("upsert" as const),
      items: fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 400 }),
          fc.integer({ min: -3, max: 3 }),
          fc.integer({ min: 0, max: 20 }),
        ),
        {
          minLength: 1,
          maxLength: 200,
        },
      ),
    }),
    fc.record({
      op: fc.constant("delete" as const),
      ids: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
    }),
    fc.record({ op: fc.constant("read" as const) }),
  ),
  { maxLength: 30 },
);

describe("SortedSet (lazily placed inserts)", () => {
  it("lists the same order as a sorted model under random bursts of upserts, deletes and reads", () => {
    fc.assert(
      fc.property(setOps, (ops) => {
        const set = new SortedSet();
        const model = new Map<string, SortKey>();
        const expected = () =>
          [...model]
            .sort((a, b) => compareKeys(a[1], b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
            .map(([id]) => id);
        for (const o of ops) {
          if (o.op === "upsert") {
            for (const [n, priority, time] of o.items) {
              const id = `T${n}`;
              set.upsert(id, [priority, time]);
              model.set(id, [priority, time]);
            }
          } else if (o.op === "delete") {
            for (const n of o.ids) expect(set.delete(`T${n}`)).toBe(model.delete(`T${n}`));
          } else {
            expect(set.toArray()).toEqual(expected());
          }
          expect(set.size).toBe(model.size);
          expect(set.first()).toBe(expected()[0]);
        }
        expect([...set.ids()]).toEqual(expected());
        for (const [id, key] of model) expect(set.keyOf(id)).toEqual(key);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * An inverted index from the clauses TaskQueues' TargetWorkers require (`skills HAS "x"`,
 * `dept == "y"`: CompiledExpression.requirements) to the queues requiring them, so binding a
 * worker evaluates only the queues it can possibly match instead of every queue.
 *
 * Invariant: `candidates(attrs)` returns, in queue registration order (the order of
 * WorkspaceState.queueExpressions), every registered queue without requirements plus every queue
 * whose distinct requirement keys all occur in `attrs`. It is a superset of the queues whose
 * requirements hold: a key is the path, the operator and `indexKey(value)`, and values that
 * `valuesEqual` equates always share an indexKey (a few unequal ones share one too, e.g. "1" and
 * "1.0", which only costs a wasted check). `==` holds only on scalars and `HAS` only on arrays,
 * so a scalar attribute yields `==` keys and an array yields `HAS` keys for its elements.
 */
import type { JsonObject, JsonValue } from "../../domain/entities.ts";
import { type CompiledExpression, indexKey } from "../../expression/index.ts";

interface QueueEntry {
  readonly ordinal: number;
  /** Distinct requirement keys, each with the key of its path. */
  readonly keys: readonly { key: string; pk: string }[];
}

interface PathEntry {
  readonly path: readonly string[];
  refs: number;
}

export class QueueRequirementIndex {
  private readonly queues = new Map<string, QueueEntry>();
  private readonly postings = new Map<string, Set<string>>();
  private readonly unindexed = new Set<string>();
  private readonly paths = new Map<string, PathEntry>();
  private nextOrdinal = 0;

  /** Register (or re-register, keeping its position) a queue's TargetWorkers. */
  set(queueSid: string, expr: CompiledExpression): void {
    const previous = this.queues.get(queueSid);
    if (previous) this.unlink(queueSid, previous);
    const keys = new Map<string, string>();
    if (!expr.alwaysTrue) {
      for (const req of expr.requirements) {
        const vk = indexKey(req.value);
        if (vk === undefined) continue;
        const pk = JSON.stringify(req.path);
        const key = `${pk}\u0001${req.op}\u0001${vk}`;
        if (keys.has(key)) continue;
        keys.set(key, pk);
        const pe = this.paths.get(pk);
        if (pe) pe.refs++;
        else this.paths.set(pk, { path: req.path, refs: 1 });
      }
    }
    const entry: QueueEntry = {
      ordinal: previous?.ordinal ?? this.nextOrdinal++,
      keys: [...keys].map(([key, pk]) => ({ key, pk })),
    };
    this.queues.set(queueSid, entry);
    if (entry.keys.length === 0) this.unindexed.add(queueSid);
    for (const { key } of entry.keys) {
      let set = this.postings.get(key);
      if (!set) {
        set = new Set();
        this.postings.set(key, set);
      }
      set.add(queueSid);
    }
  }

  delete(queueSid: string): void {
    const entry = this.queues.get(queueSid);
    if (!entry) return;
    this.unlink(queueSid, entry);
    this.queues.delete(queueSid);
  }

  /** Queues a worker with these attributes may match (see the invariant above). */
  candidates(attrs: JsonObject): string[] {
    const hits = new Map<string, number>();
    for (const [pk, pe] of this.paths) {
      const v = readPath(attrs, pe.path);
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        const seen = new Set<string>();
        for (const e of v) {
          const vk = indexKey(e);
          if (vk === undefined || seen.has(vk)) continue;
          seen.add(vk);
          this.hit(`${pk}\u0001HAS\u0001${vk}`, hits);
        }
      } else {
        const vk = indexKey(v);
        if (vk !== undefined) this.hit(`${pk}\u0001==\u0001${vk}`, hits);
      }
    }
    const out: string[] = [...this.unindexed];
    for (const [q, n] of hits) if (n === this.queues.get(q)?.keys.length) out.push(q);
    const ord = (q: string) => this.queues.get(q)?.ordinal ?? 0;
    out.sort((a, b) => ord(a) - ord(b));
    return out;
  }

  private hit(key: string, hits: Map<string, number>): void {
    for (const q of this.postings.get(key) ?? []) hits.set(q, (hits.get(q) ?? 0) + 1);
  }

  private unlink(queueSid: string, entry: QueueEntry): void {
    this.unindexed.delete(queueSid);
    for (const { key, pk } of entry.keys) {
      const set = this.postings.get(key);
      set?.delete(queueSid);
      if (set?.size === 0) this.postings.delete(key);
      const pe = this.paths.get(pk);
      if (pe && --pe.refs === 0) this.paths.delete(pk);
    }
  }
}

/** The value at a key path of an attributes document (undefined when any step is missing). */
export function readPath(root: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * The cumulative statistics of one workspace over the last 30 days.
 *
 * Ingest (in commit order): each event becomes at most one Fact, appended to a time-ordered log, and
 * its contributions are added to per-minute buckets keyed by scope ("ws", "q:WQ…", ...) and by scope
 * plus channel ("q:WQ…|TC…"). Contributions without a channel (activity durations) live in the
 * scope-only key.
 *
 * Query [start, end] (epoch ms, both inclusive): the whole minutes inside the window come from the
 * buckets (binary search, then one merge per minute that has data); the partial minutes at both
 * edges are summed exactly from the facts. So the answer is exact to the millisecond, and costs
 * O(minutes in window + facts in the two edge minutes), not O(events).
 */
import { type Contribution, contributions, type Fact } from "./facts.ts";
import { Summary } from "./summary.ts";

export const MINUTE = 60_000;
export const RETENTION_MS = 30 * 24 * 3_600_000;

interface Series {
  minutes: number[];
  sums: Summary[];
}

function lowerBound(length: number, below: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function keysOf(c: Contribution, channel: string | null): string[] {
  return channel === null || c.kind === "activity" ? [c.scope] : [c.scope, `${c.scope}|${channel}`];
}

export class WorkspaceHistory {
  private facts: Fact[] = [];
  private readonly series = new Map<string, Series>();
  /** Open task -> its current queue (to count moves between queues). */
  readonly queueOf = new Map<string, string>();

  get size(): number {
    return this.facts.length;
  }

  /** The time of the last fact (facts never go back in time). */
  get lastTime(): number {
    return this.facts.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
  }

  append(fact: Fact): void {
    this.facts.push(fact);
    const minute = Math.floor(fact.t / MINUTE);
    for (const c of contributions(fact)) {
      for (const key of keysOf(c, fact.channel)) {
        let s = this.series.get(key);
        if (!s) {
          s = { minutes: [], sums: [] };
          this.series.set(key, s);
        }
        if (s.minutes.at(-1) !== minute) {
          s.minutes.push(minute);
          s.sums.push(new Summary());
        }
        (s.sums.at(-1) as Summary).add(c);
      }
    }
  }

  /** Forget facts and buckets older than `before` (whole minutes only); cheap when nothing is due. */
  prune(before: number): void {
    const minute = Math.floor(before / MINUTE);
    const first = this.facts[0];
    if (first === undefined || Math.floor(first.t / MINUTE) >= minute) return;
    const cut = lowerBound(this.facts.length, (i) => (this.facts[i] as Fact).t < minute * MINUTE);
    this.facts = this.facts.slice(cut);
    for (const [key, s] of this.series) {
      const n = lowerBound(s.minutes.length, (i) => (s.minutes[i] as number) < minute);
      s.minutes.splice(0, n);
      s.sums.splice(0, n);
      if (s.minutes.length === 0) this.series.delete(key);
    }
  }

  /** Sum of one key ("ws", "q:WQ…", "q:WQ…|TC…") over [start, end]. */
  summarize(key: string, start: number, end: number, withWaits: boolean): Summary {
    const out = new Summary();
    if (end < start) return out;
    const firstFull = Math.ceil(start / MINUTE);
    const lastFull = Math.floor((end + 1) / MINUTE) - 1;
    if (firstFull > lastFull) {
      this.scan(key, start, end, out);
      return out;
    }
    this.scan(key, start, firstFull * MINUTE - 1, out);
    const s = this.series.get(key);
    if (s) {
      for (
        let i = lowerBound(s.minutes.length, (j) => (s.minutes[j] as number) < firstFull);
        i < s.minutes.length;
        i++
      ) {
        if ((s.minutes[i] as number) > lastFull) break;
        out.merge(s.sums[i] as Summary, withWaits);
      }
    }
    this.scan(key, (lastFull + 1) * MINUTE, end, out);
    return out;
  }

  private scan(key: string, from: number, to: number, out: Summary): void {
    if (to < from) return;
    const bar = key.indexOf("|");
    const scope = bar < 0 ? key : key.slice(0, bar);
    const channel = bar < 0 ? null : key.slice(bar + 1);
    for (
      let i = lowerBound(this.facts.length, (j) => (this.facts[j] as Fact).t < from);
      i < this.facts.length;
      i++
    ) {
      const fact = this.facts[i] as Fact;
      if (fact.t > to) break;
      if (channel !== null && fact.channel !== channel) continue;
      for (const c of contributions(fact)) {
        if (c.scope !== scope || (channel !== null && c.kind === "activity")) continue;
        out.add(c);
      }
    }
  }
}

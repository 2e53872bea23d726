/**
 * The cumulative statistics of one workspace over the last 30 days.
 *
 * Ingest (in commit order): each event becomes at most one Fact; each of its contributions goes to
 * its key: the scope ("ws", "q:WQ…", "wf:WW…", "wk:WK…") and, when the fact has a channel, the scope
 * plus channel ("q:WQ…|TC…"); contributions without a channel (activity durations) go to the scope
 * only. Per key: a time-ordered contribution log, day buckets, hour buckets and minute buckets for
 * the last 3 hours (workers' keys, many and sparse, keep day buckets only: memory stays
 * O(contributions), not O(workers × hours)).
 *
 * Query [start, end] (epoch ms, both inclusive), coarse to fine: the whole days inside the window
 * come from day buckets, whole hours of what is left from hour buckets, whole recent minutes from
 * minute buckets, and the remaining edges are summed exactly from the log. So the answer is exact to
 * the millisecond; a 30-day window merges at most ~30 + 48 + 120 buckets plus the contributions of
 * two partial minutes (partial hours further back; partial days for a worker key), whatever the
 * number of events.
 */
import { ContributionLog } from "./contribution-log.ts";
import { type Contribution, contributions, type Fact } from "./facts.ts";
import { Summary } from "./summary.ts";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const RETENTION_MS = 30 * DAY;
/** Minute buckets are kept for the recent past only (default windows are 15 minutes). */
export const RECENT_MINUTES_MS = 3 * HOUR;

/** Buckets of one key at one resolution: bucket numbers (ascending) and their summaries. */
class Buckets {
  readonly at: number[] = [];
  readonly sums: Summary[] = [];
  /** Every contribution at or after this time is in a bucket (older buckets may have been dropped). */
  coveredFrom = Number.NEGATIVE_INFINITY;

  /** `keep`: a rolling level keeps only about this many ms of recent buckets. */
  constructor(
    readonly size: number,
    private readonly keep = Number.POSITIVE_INFINITY,
  ) {}

  add(time: number, c: Contribution): void {
    const bucket = Math.floor(time / this.size);
    if (this.at.at(-1) !== bucket) {
      this.at.push(bucket);
      this.sums.push(new Summary());
      const first = this.at[0] as number;
      if ((bucket - first) * this.size > 2 * this.keep) this.dropBefore(time - this.keep);
    }
    (this.sums[this.sums.length - 1] as Summary).add(c);
  }

  /** Merge buckets lo..hi (inclusive) into `out`. */
  merge(lo: number, hi: number, out: Summary, withWaits: boolean): void {
    for (let i = lowerBound(this.at, lo); i < this.at.length && (this.at[i] as number) <= hi; i++)
      out.merge(this.sums[i] as Summary, withWaits);
  }

  /** Drop the buckets that end before `time`. */
  dropBefore(time: number): void {
    const bucket = Math.floor(time / this.size);
    const n = lowerBound(this.at, bucket);
    this.at.splice(0, n);
    this.sums.splice(0, n);
    this.coveredFrom = Math.max(this.coveredFrom, bucket * this.size);
  }
}

function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface KeyHistory {
  log: ContributionLog;
  /** Coarse to fine. */
  levels: Buckets[];
}

export class WorkspaceHistory {
  private readonly keys = new Map<string, KeyHistory>();
  private readonly activityNames: string[] = [];
  private readonly activityIndex = new Map<string, number>();
  private last = Number.NEGATIVE_INFINITY;
  private oldest = Number.POSITIVE_INFINITY;
  /** Open task -> its current queue (to count moves between queues). */
  readonly queueOf = new Map<string, string>();

  /** The time of the last fact (facts never go back in time). */
  get lastTime(): number {
    return this.last;
  }

  private key(key: string): KeyHistory {
    let h = this.keys.get(key);
    if (!h) {
      const levels = key.startsWith("wk:")
        ? [new Buckets(DAY)]
        : [new Buckets(DAY), new Buckets(HOUR), new Buckets(MINUTE, RECENT_MINUTES_MS)];
      h = { log: new ContributionLog(this.activityNames, this.activityIndex), levels };
      this.keys.set(key, h);
    }
    return h;
  }

  append(fact: Fact): void {
    this.last = fact.t;
    if (this.oldest === Number.POSITIVE_INFINITY) this.oldest = fact.t;
    for (const c of contributions(fact)) {
      const keys =
        fact.channel === null || c.kind === "activity" ? [c.scope] : [c.scope, `${c.scope}|${fact.channel}`];
      for (const key of keys) {
        const h = this.key(key);
        h.log.push(fact.t, c);
        for (const level of h.levels) level.add(fact.t, c);
      }
    }
  }

  /**
   * Forget what happened before `before`: the log entries, and buckets that end before it (a
   * bucket straddling the cut stays whole; queries never start before the cut, so only whole
   * buckets inside the window are ever merged). Cheap when nothing is due (checked per hour).
   */
  prune(before: number): void {
    if (this.oldest >= before - HOUR) return;
    for (const [key, h] of this.keys) {
      h.log.dropBefore(before);
      for (const level of h.levels) level.dropBefore(before - level.size + 1);
      if (h.log.size === 0) this.keys.delete(key);
    }
    this.oldest = before;
  }

  /** Sum of one key ("ws", "q:WQ…", "q:WQ…|TC…") over [start, end]. */
  summarize(key: string, start: number, end: number, withWaits: boolean): Summary {
    const out = new Summary();
    const h = this.keys.get(key);
    if (h && end >= start) this.sumRange(h, 0, start, end, out, withWaits);
    return out;
  }

  private sumRange(
    h: KeyHistory,
    level: number,
    from: number,
    to: number,
    out: Summary,
    withWaits: boolean,
  ): void {
    if (to < from) return;
    const buckets = h.levels[level];
    if (!buckets) {
      h.log.sum(from, to, out);
      return;
    }
    if (from < buckets.coveredFrom) {
      // This level no longer holds that far back: the finer one answers for the older part.
      const split = Math.min(to, buckets.coveredFrom - 1);
      this.sumRange(h, level + 1, from, split, out, withWaits);
      from = split + 1;
      if (to < from) return;
    }
    const first = Math.ceil(from / buckets.size);
    const last = Math.floor((to + 1) / buckets.size) - 1;
    if (first > last) {
      this.sumRange(h, level + 1, from, to, out, withWaits);
      return;
    }
    this.sumRange(h, level + 1, from, first * buckets.size - 1, out, withWaits);
    buckets.merge(first, last, out, withWaits);
    this.sumRange(h, level + 1, (last + 1) * buckets.size, to, out, withWaits);
  }
}

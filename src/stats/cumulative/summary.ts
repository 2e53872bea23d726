/**
 * A Summary adds up contributions: counters, duration measures {count, sum, min, max}, activity
 * durations per activity, and (for SplitByWaitTime) the wait values of accepted reservations and
 * canceled tasks. One Summary per (scope, channel, minute) bucket; a query merges buckets.
 */
import { COUNTERS, type Contribution, type CounterName, MEASURES, type MeasureName } from "./facts.ts";

export interface Agg {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export const emptyAgg = (): Agg => ({ count: 0, sum: 0, min: 0, max: 0 });

function addValue(agg: Agg, value: number): void {
  agg.min = agg.count === 0 ? value : Math.min(agg.min, value);
  agg.max = agg.count === 0 ? value : Math.max(agg.max, value);
  agg.count += 1;
  agg.sum += value;
}

function mergeAgg(into: Agg, from: Agg): void {
  if (from.count === 0) return;
  into.min = into.count === 0 ? from.min : Math.min(into.min, from.min);
  into.max = into.count === 0 ? from.max : Math.max(into.max, from.max);
  into.count += from.count;
  into.sum += from.sum;
}

export class Summary {
  readonly counters = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<CounterName, number>;
  readonly measures = Object.fromEntries(MEASURES.map((m) => [m, emptyAgg()])) as Record<MeasureName, Agg>;
  readonly activities = new Map<string, Agg>();
  /** Wait (s) of each accepted reservation / canceled task, for SplitByWaitTime. */
  readonly acceptedWaits: number[] = [];
  readonly canceledWaits: number[] = [];

  add(c: Contribution): void {
    if (c.kind === "counter") this.counters[c.name] += 1;
    else if (c.kind === "measure") {
      addValue(this.measures[c.name], c.value);
      if (c.name === "wait_duration_until_accepted") this.acceptedWaits.push(c.value);
      else if (c.name === "wait_duration_until_canceled") this.canceledWaits.push(c.value);
    } else {
      let agg = this.activities.get(c.activity);
      if (!agg) {
        agg = emptyAgg();
        this.activities.set(c.activity, agg);
      }
      addValue(agg, c.value);
    }
  }

  /** Adds another summary; the wait value lists only when `withWaits` (SplitByWaitTime asked). */
  merge(other: Summary, withWaits: boolean): void {
    for (const name of COUNTERS) this.counters[name] += other.counters[name];
    for (const name of MEASURES) mergeAgg(this.measures[name], other.measures[name]);
    for (const [activity, agg] of other.activities) {
      let mine = this.activities.get(activity);
      if (!mine) {
        mine = emptyAgg();
        this.activities.set(activity, mine);
      }
      mergeAgg(mine, agg);
    }
    if (withWaits) {
      for (const v of other.acceptedWaits) this.acceptedWaits.push(v);
      for (const v of other.canceledWaits) this.canceledWaits.push(v);
    }
  }
}

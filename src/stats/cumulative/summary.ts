/**
 * A Summary adds up contributions: counters, duration measures {count, sum, min, max}, activity
 * durations per activity, and (for SplitByWaitTime) the wait values of accepted reservations and
 * canceled tasks. One Summary per (key, minute) and per (key, hour) bucket; a query merges buckets.
 * Buckets are many (days, hours and recent minutes per key), so the numbers live in one flat array and the
 * rarer parts (activities, wait lists) are allocated on first use.
 */
import { COUNTERS, type Contribution, type CounterName, MEASURES, type MeasureName } from "./facts.ts";

export interface Agg {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export const emptyAgg = (): Agg => ({ count: 0, sum: 0, min: 0, max: 0 });

const COUNTER_AT = new Map<CounterName, number>(COUNTERS.map((c, i) => [c, i]));
const MEASURE_AT = new Map<MeasureName, number>(MEASURES.map((m, i) => [m, COUNTERS.length + 4 * i]));
const SIZE = COUNTERS.length + 4 * MEASURES.length;
/** A fresh row of SIZE zeros (a literal: the cheapest array V8 can allocate). */
function zeros(): number[] {
  // biome-ignore format: one row
  const row = [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  row[0] = 0;
  return row;
}
if (zeros().length !== SIZE)
  throw new Error("summary.ts: zeros() must hold one slot per counter and 4 per measure");

/** Adds `value` to the [count, sum, min, max] run of `v` starting at `at`. */
function addAt(v: number[], at: number, value: number): void {
  const first = v[at] === 0;
  v[at] = (v[at] as number) + 1;
  v[at + 1] = (v[at + 1] as number) + value;
  v[at + 2] = first ? value : Math.min(v[at + 2] as number, value);
  v[at + 3] = first ? value : Math.max(v[at + 3] as number, value);
}

function mergeAt(into: number[], from: number[], at: number): void {
  const n = from[at] as number;
  if (n === 0) return;
  const first = into[at] === 0;
  into[at] = (into[at] as number) + n;
  into[at + 1] = (into[at + 1] as number) + (from[at + 1] as number);
  into[at + 2] = first ? (from[at + 2] as number) : Math.min(into[at + 2] as number, from[at + 2] as number);
  into[at + 3] = first ? (from[at + 3] as number) : Math.max(into[at + 3] as number, from[at + 3] as number);
}

function mergeAgg(into: Agg, from: Agg): void {
  if (from.count === 0) return;
  into.min = into.count === 0 ? from.min : Math.min(into.min, from.min);
  into.max = into.count === 0 ? from.max : Math.max(into.max, from.max);
  into.count += from.count;
  into.sum += from.sum;
}

export class Summary {
  private readonly v: number[] = zeros();
  private acts: Map<string, Agg> | null = null;
  private accepted: number[] | null = null;
  private canceled: number[] | null = null;

  get counters(): Record<CounterName, number> {
    return Object.fromEntries(COUNTERS.map((c, i) => [c, this.v[i]])) as Record<CounterName, number>;
  }

  get measures(): Record<MeasureName, Agg> {
    const out = {} as Record<MeasureName, Agg>;
    for (const [name, at] of MEASURE_AT) {
      const v = this.v;
      out[name] = {
        count: v[at] as number,
        sum: v[at + 1] as number,
        min: v[at + 2] as number,
        max: v[at + 3] as number,
      };
    }
    return out;
  }

  /** Activity SID -> durations; mutable (the worker statistics replace it for queue filters). */
  get activities(): Map<string, Agg> {
    this.acts ??= new Map();
    return this.acts;
  }

  /** Wait (s) of each accepted reservation, kept for SplitByWaitTime. */
  get acceptedWaits(): number[] {
    this.accepted ??= [];
    return this.accepted;
  }

  get canceledWaits(): number[] {
    this.canceled ??= [];
    return this.canceled;
  }

  add(c: Contribution): void {
    if (c.kind === "counter") {
      const at = COUNTER_AT.get(c.name) as number;
      this.v[at] = (this.v[at] as number) + 1;
    } else if (c.kind === "measure") {
      addAt(this.v, MEASURE_AT.get(c.name) as number, c.value);
      if (c.name === "wait_duration_until_accepted") this.acceptedWaits.push(c.value);
      else if (c.name === "wait_duration_until_canceled") this.canceledWaits.push(c.value);
    } else {
      let agg = this.activities.get(c.activity);
      if (!agg) {
        agg = emptyAgg();
        this.activities.set(c.activity, agg);
      }
      const run = [agg.count, agg.sum, agg.min, agg.max];
      addAt(run, 0, c.value);
      [agg.count, agg.sum, agg.min, agg.max] = run as [number, number, number, number];
    }
  }

  /** Adds another summary; the wait value lists only when `withWaits` (SplitByWaitTime asked). */
  merge(other: Summary, withWaits: boolean): void {
    for (let i = 0; i < COUNTERS.length; i++) this.v[i] = (this.v[i] as number) + (other.v[i] as number);
    for (const at of MEASURE_AT.values()) mergeAt(this.v, other.v, at);
    if (other.acts !== null) {
      for (const [activity, agg] of other.acts) {
        let mine = this.activities.get(activity);
        if (!mine) {
          mine = emptyAgg();
          this.activities.set(activity, mine);
        }
        mergeAgg(mine, agg);
      }
    }
    if (withWaits) {
      for (const v of other.accepted ?? []) this.acceptedWaits.push(v);
      for (const v of other.canceled ?? []) this.canceledWaits.push(v);
    }
  }
}

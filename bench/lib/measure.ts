/**
 * Throughput measurement. `batch` performs some operations in its own tight loop and returns how
 * many it did (keeping the hot loop inside the suite keeps call sites monomorphic). We warm up,
 * then time `rounds` batches and report the median rate, which is robust to GC pauses.
 */
export interface RateOptions {
  /** Timed rounds after warm-up. */
  rounds: number;
  /** Warm-up batches (not timed). */
  warmup?: number;
}

export function measureRate(batch: () => number, { rounds, warmup = 2 }: RateOptions): number {
  for (let i = 0; i < warmup; i++) batch();
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const ops = batch();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(ops / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

/** Keeps results observable so the JIT cannot drop the measured work. */
export let sink = 0;
export function consume(n: number): void {
  sink = (sink + n) | 0;
}

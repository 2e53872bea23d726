/** What every benchmark suite (bench/suites/<name>.ts) exports and returns. */

export interface SuiteOptions {
  /** A scaled-down run (CI, smoke checks): same measurements, fewer iterations. */
  quick: boolean;
}

export interface BenchResult {
  /** What was measured, e.g. "compiled evaluation". */
  name: string;
  value: number;
  /** e.g. "evals/s", "ms", "tasks/s". */
  unit: string;
  /** The same work done the naive way in the same run, for comparison. */
  reference?: { name: string; value: number };
  /** value / reference.value (or the inverse for costs; the suite decides and says so in notes). */
  ratio?: number;
  /** The target, in words, e.g. "≥ 10,000,000 evals/s". */
  goal?: string;
  notes?: string;
}

export interface Suite {
  run(opts: SuiteOptions): Promise<BenchResult[]>;
}

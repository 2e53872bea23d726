/**
 * How the cost of one routing decision grows with the workspace: 1k, 10k and 100k workers (queues
 * 100 → 1,000 → 5,000), same generated workload shape, same decision driver as the engine suite.
 * Reference per size: the brute-force router in the same run. Goal: a decision at 100k workers
 * costs ≤ 3x one at 1k. Draws bench/results/scaling.png.
 */
import { join } from "node:path";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { BruteForceRouter } from "../reference/brute-force-router.ts";
import { buildEngine } from "../workloads/build-engine.ts";
import { type Point, writeLineChart } from "../workloads/chart.ts";
import { DecisionDriver, referenceRate } from "../workloads/decisions.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";

const FULL: [number, number][] = [
  [1_000, 100],
  [10_000, 1_000],
  [100_000, 5_000],
];
const QUICK: [number, number][] = [
  [1_000, 100],
  [3_000, 300],
  [10_000, 1_000],
];
const GOAL_FACTOR = 3;

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const sizes = quick ? QUICK : FULL;
  const rows: { workers: number; queues: number; engineUs: number; referenceUs: number; buildS: number }[] =
    [];
  for (const [workers, queues] of sizes) {
    const spec = generateWorkload({ workers, queues });
    const t0 = performance.now();
    const built = buildEngine(spec);
    const buildS = (performance.now() - t0) / 1000;
    const driver = new DecisionDriver(built, spec);
    const big = workers >= 50_000;
    const { perSecond } = driver.rate(big ? 100 : quick ? 150 : 300, quick ? 3 : 5, 1);
    const reference = new BruteForceRouter(spec);
    reference.syncFrom(built.engine.view, "default");
    const refRate = referenceRate(reference, spec, big ? 20 : 100, 3);
    rows.push({ workers, queues, engineUs: 1e6 / perSecond, referenceUs: 1e6 / refRate, buildS });
    console.log(
      `  ${workers} workers / ${queues} queues: ${(1e6 / perSecond).toFixed(1)} µs per decision (built in ${buildS.toFixed(1)} s)`,
    );
  }
  const points: Point[] = rows.flatMap((r) => [
    { x: r.workers, y: r.engineUs, series: "Tasklane engine" },
    { x: r.workers, y: r.referenceUs, series: "brute force (every worker)" },
  ]);
  await writeLineChart(join(import.meta.dirname, "..", "results", "scaling.png"), points, {
    title: `Time per routing decision${quick ? " (quick run)" : ""}`,
    x: `workers in the workspace (queues ${sizes.map(([, q]) => q.toLocaleString("en")).join(" → ")})`,
    y: "µs per decision (log)",
    logX: true,
    logY: true,
  });
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return [];
  const factor = last.engineUs / first.engineUs;
  const results: BenchResult[] = rows.map((r) => ({
    name: `time per decision, ${r.workers.toLocaleString("en")} workers / ${r.queues.toLocaleString("en")} queues`,
    value: r.engineUs,
    unit: "µs",
    reference: { name: "brute force", value: r.referenceUs },
    ratio: r.referenceUs / r.engineUs,
    notes: `ratio = reference time / engine time; workspace built in ${r.buildS.toFixed(1)} s`,
  }));
  results.push({
    name: `cost growth ${last.workers.toLocaleString("en")} vs ${first.workers.toLocaleString("en")} workers`,
    value: factor,
    unit: "x",
    reference: { name: "brute force growth", value: last.referenceUs / first.referenceUs },
    ratio: last.referenceUs / first.referenceUs / factor,
    goal: `≤ ${GOAL_FACTOR}x (${factor <= GOAL_FACTOR ? "met" : "MISSED"})`,
    notes: "chart: bench/results/scaling.png",
  });
  return results;
}

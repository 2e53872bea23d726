/**
 * How the cost of one routing decision grows with the workspace: 1k, 10k and 100k workers (queues
 * 100 → 1,000 → 5,000), same generated workload shape, same decision driver as the engine suite.
 * Reference per size: the brute-force router in the same run. Goal: a decision at 100k workers
 * costs ≤ 3x one at 1k. Draws bench/results/scaling.png.
 */
import { join } from "node:path";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { type Point, writeLineChart } from "../workloads/chart.ts";
import { runChild } from "../workloads/child.ts";

interface ScalingPoint {
  workers: number;
  queues: number;
  engineUs: number;
  referenceUs: number;
  buildS: number;
  heapGB: number;
}

const SCRIPT = join(import.meta.dirname, "..", "workloads", "scaling-child.ts");

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
  const rows: ScalingPoint[] = [];
  const failed: string[] = [];
  for (const [workers, queues] of sizes) {
    // Each size in its own process with a large heap (100k workers x 5,000 queues needs > 4 GB).
    let r: ScalingPoint;
    try {
      r = await runChild<ScalingPoint>(SCRIPT, { workers, queues, quick }, 16_000);
    } catch (error) {
      // A point that cannot be built (out of memory) is reported, and the others still count.
      failed.push(`${workers} workers / ${queues} queues: ${error instanceof Error ? error.message : error}`);
      continue;
    }
    rows.push(r);
    console.log(
      `  ${workers} workers / ${queues} queues: ${r.engineUs.toFixed(1)} µs per decision (built in ${r.buildS.toFixed(1)} s, heap ${r.heapGB.toFixed(1)} GB)`,
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
    notes: `ratio = reference time / engine time; workspace built in ${r.buildS.toFixed(1)} s; heap ${r.heapGB.toFixed(1)} GB`,
  }));
  results.push({
    name: `cost growth ${last.workers.toLocaleString("en")} vs ${first.workers.toLocaleString("en")} workers`,
    value: factor,
    unit: "x",
    reference: { name: "brute force growth", value: last.referenceUs / first.referenceUs },
    ratio: last.referenceUs / first.referenceUs / factor,
    goal: `≤ ${GOAL_FACTOR}x (${factor <= GOAL_FACTOR ? "met" : "MISSED"})`,
    notes: `chart: bench/results/scaling.png${failed.length > 0 ? `; NOT MEASURED: ${failed.join("; ")}` : ""}`,
  });
  return results;
}

/**
 * Routing decisions per second in-process: a task enters the workflow and a reservation is made,
 * driven through WorkspaceEngine.execute (bench/workloads/decisions.ts) on the generated workload
 * (bench/workloads/routing-workload.ts: 10,000 workers, 1,000 queues, one workflow with 8 filters
 * of 3 targets). Reference, same run: the brute-force router (bench/reference/brute-force-router.ts)
 * testing every worker against the queue and target with the same compiled expressions.
 * Before timing, the engine's choice is checked against the reference task by task.
 * `TASKLANE_BENCH_TINY=1` shrinks it further for the smoke test.
 */
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { BruteForceRouter } from "../reference/brute-force-router.ts";
import { buildEngine } from "../workloads/build-engine.ts";
import { DecisionDriver, referenceRate } from "../workloads/decisions.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";

const GOAL_RATE = 200_000;
const GOAL_RATIO = 50;

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const tiny = process.env.TASKLANE_BENCH_TINY === "1";
  const workers = tiny ? 300 : 10_000;
  const queues = tiny ? 40 : 1_000;
  const spec = generateWorkload({ workers, queues });
  const buildStart = performance.now();
  const built = buildEngine(spec);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const driver = new DecisionDriver(built, spec);
  const reference = new BruteForceRouter(spec);

  const disagreements = driver.agreement(reference, tiny ? 10 : quick ? 50 : 200);
  // Five untimed rounds first (one when tiny): before that the JIT compiling on its own threads
  // is most of the process CPU time per round (measured 45-57 µs per task.create in the first
  // seven rounds against 19-24 µs over forty), and it counts in process.cpuUsage.
  const { perSecond, decisionShare, cpuMicrosPerTask } = driver.rate(
    tiny ? 20 : quick ? 200 : 500,
    tiny ? 2 : quick ? 3 : 7,
    tiny ? 1 : 5,
  );
  const m = built.engine.metrics;
  reference.syncFrom(built.engine.view, "default");
  const refRate = referenceRate(reference, spec, tiny ? 20 : quick ? 100 : 300, quick || tiny ? 3 : 5);
  const ratio = perSecond / refRate;
  const met = perSecond >= GOAL_RATE && ratio >= GOAL_RATIO;
  return [
    {
      name: `routing decisions (${workers.toLocaleString("en")} workers, ${queues.toLocaleString("en")} queues)`,
      value: perSecond,
      unit: "decisions/s",
      reference: { name: "brute force, every worker per task", value: refRate },
      ratio,
      goal: `≥ ${GOAL_RATE.toLocaleString("en")}/s and ≥ ${GOAL_RATIO}x (${met ? "met" : "MISSED"})`,
      notes:
        `timed: task.create → reservation.created; ${(decisionShare * 100).toFixed(0)}% of tasks reserved at once; ` +
        `CPU ${cpuMicrosPerTask.toFixed(1)} µs per task.create (median of rounds, process.cpuUsage); ` +
        `${disagreements} disagreements with the reference; engine examined ${(m.candidatesExamined / Math.max(1, m.targetEvaluations)).toFixed(2)} candidates per target evaluation; build ${buildSeconds.toFixed(1)} s`,
    },
  ];
}

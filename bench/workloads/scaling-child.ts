/**
 * One point of the scaling curve, in a process of its own (run by bench/suites/scaling.ts): the
 * 100k-worker / 5,000-queue workspace needs more than the default 4 GB heap (the per-queue,
 * per-channel available sets hold one entry per member, per channel). Prints one JSON line.
 */
import { BruteForceRouter } from "../reference/brute-force-router.ts";
import { buildEngine } from "./build-engine.ts";
import { DecisionDriver, referenceRate } from "./decisions.ts";
import { generateWorkload } from "./routing-workload.ts";

const { workers, queues, quick } = JSON.parse(process.argv[2] ?? "{}") as {
  workers: number;
  queues: number;
  quick: boolean;
};
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
console.log(
  JSON.stringify({
    workers,
    queues,
    engineUs: 1e6 / perSecond,
    referenceUs: 1e6 / refRate,
    buildS,
    heapGB: process.memoryUsage().heapUsed / 1024 ** 3,
  }),
);

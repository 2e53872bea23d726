/**
 * One workspace with 150,000 workers and 5,000,000 waiting tasks in the engine (500 queues, the
 * generated workload): RSS (goal < 16 GB) and the time of a routing decision at that size (a worker
 * comes back Available and takes the best waiting task of its queues). Runs in a child process with
 * a 20 GB heap so the harness survives. Reference, same run: the same measurement on a workspace 50x
 * smaller in workers and tasks. Quick mode is the full size divided by 50 (reference: by 2,500).
 */
import { join } from "node:path";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { runChild } from "../workloads/child.ts";

interface ChildResult {
  buildSeconds: number;
  createSeconds: number;
  createRate: number;
  rss: number;
  heapUsed: number;
  decisionP50us: number;
  decisionMeanUs: number;
  decisions: number;
  pendingTasks: number;
}

const SCRIPT = join(import.meta.dirname, "..", "workloads", "scale-child.ts");
const GOAL_BYTES = 16 * 1024 ** 3;

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const div = quick ? 50 : 1;
  const big = {
    workers: 150_000 / div,
    queues: 500 / (quick ? 5 : 1),
    tasks: 5_000_000 / div,
    decisions: 1000,
  };
  const small = { workers: big.workers / 50, queues: big.queues, tasks: big.tasks / 50, decisions: 1000 };
  const ref = await runChild<ChildResult>(SCRIPT, small, 4096);
  const r = await runChild<ChildResult>(SCRIPT, big, 20_000);
  const gb = (b: number) => b / 1024 ** 3;
  const size = `${big.workers.toLocaleString("en")} workers, ${big.tasks.toLocaleString("en")} tasks`;
  return [
    {
      name: `RSS, ${size}`,
      value: gb(r.rss),
      unit: "GB",
      reference: {
        name: `RSS at ${small.workers.toLocaleString("en")} / ${small.tasks.toLocaleString("en")}`,
        value: gb(ref.rss),
      },
      ratio: r.rss / ref.rss,
      goal: `< 16 GB${quick ? " at full size" : ""} (${quick ? "n/a in quick mode" : r.rss < GOAL_BYTES ? "met" : "MISSED"})`,
      notes: `heap used ${gb(r.heapUsed).toFixed(2)} GB after GC; ${r.pendingTasks.toLocaleString("en")} tasks waiting; ${(r.rss / big.tasks).toFixed(0)} bytes per task (workers included)`,
    },
    {
      name: `decision time, ${size}`,
      value: r.decisionP50us,
      unit: "µs (p50)",
      reference: { name: "p50 at 1/50 the size", value: ref.decisionP50us },
      ratio: r.decisionP50us / ref.decisionP50us,
      notes: `a worker becomes Available and gets the best waiting task; ${r.decisions} decisions, mean ${r.decisionMeanUs.toFixed(0)} µs; ratio = cost at size / small (a cost)`,
    },
    {
      name: `task.create into the backlog, ${size}`,
      value: r.createRate,
      unit: "tasks/s",
      reference: { name: "at 1/50 the size", value: ref.createRate },
      ratio: r.createRate / ref.createRate,
      notes: `building the workspace took ${r.buildSeconds.toFixed(0)} s (restore + membership), creating the tasks ${r.createSeconds.toFixed(0)} s`,
    },
  ];
}

/**
 * One big workspace in a process of its own (run by bench/suites/scale.ts with a large
 * --max-old-space-size and --expose-gc): every worker Offline, `tasks` tasks created through
 * execute (they wait in their queues, with their TTL and step timers), then RSS, then decisions at
 * that size: workers come back Available one at a time and each takes the best waiting task of its
 * queues (timed per worker.update that made a reservation). Prints one JSON line.
 */
import type { Task } from "../../src/domain/entities.ts";
import { buildEngine } from "./build-engine.ts";
import { generateWorkload } from "./routing-workload.ts";

const { workers, queues, tasks, decisions } = JSON.parse(process.argv[2] ?? "{}") as {
  workers: number;
  queues: number;
  tasks: number;
  decisions: number;
};
const gc = (globalThis as { gc?: () => void }).gc;

const t0 = performance.now();
const spec = generateWorkload({ workers, queues });
for (const w of spec.workers) w.available = false;
const built = buildEngine(spec);
const buildSeconds = (performance.now() - t0) / 1000;
const { engine, workflowSid } = built;
const json = spec.tasks.map((t) => JSON.stringify(t));

const t1 = performance.now();
for (let i = 0; i < tasks; i++) {
  engine.execute(
    { type: "task.create", attributes: json[i % json.length] as string, workflowSid },
    built.now,
  );
  if (i % 1000 === 999) built.now++;
}
const createSeconds = (performance.now() - t1) / 1000;
gc?.();
const rss = process.memoryUsage().rss;
const heapUsed = process.memoryUsage().heapUsed;

const times: number[] = [];
let attempts = 0;
for (const w of engine.view.workers()) {
  if (times.length >= decisions) break;
  attempts++;
  const start = process.hrtime.bigint();
  const out = engine.execute(
    { type: "worker.update", sid: w.sid, activitySid: built.availableActivitySid },
    built.now++,
  );
  const us = Number(process.hrtime.bigint() - start) / 1000;
  if (out.events.some((e) => e.eventType === "reservation.created")) times.push(us);
}
times.sort((a, b) => a - b);
const stored = [...engine.view.tasks()].filter((t: Task) => t.assignmentStatus === "pending").length;
console.log(
  JSON.stringify({
    buildSeconds,
    createSeconds,
    createRate: tasks / createSeconds,
    rss,
    heapUsed,
    decisionP50us: times[Math.floor(times.length / 2)] ?? Number.NaN,
    decisionMeanUs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    decisions: times.length,
    attempts,
    pendingTasks: stored,
  }),
);

/**
 * Recovery, in a process of its own (run by bench/suites/recovery.ts): builds a workspace with
 * `tasks` open tasks (every worker Offline, so they wait with their TTL and step timers), commits
 * it to a fresh SQLite file, then starts a real Tasklane on that file and measures the time until
 * a request is answered again. Then checks the timers survived: the restored workspace's next wake
 * time equals the one computed from the stored tasks, and moving the (simulated) clock to a chosen
 * instant fires exactly the step timers due by then. Prints one JSON line.
 */

import { createServer } from "node:net";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { ACCOUNT_SID, buildEngine } from "./build-engine.ts";
import { generateWorkload } from "./routing-workload.ts";
import { AUTH_TOKEN, seedDatabase, startBenchServer, tempDatabase } from "./server.ts";
import { cpuSince, threadCpu } from "./thread-cpu.ts";

const { tasks } = JSON.parse(process.argv[2] ?? "{}") as { tasks: number };
const gc = (globalThis as { gc?: () => void }).gc;

const spec = generateWorkload({ workers: 1_000, queues: 100 });
for (const w of spec.workers) w.available = false;
let built: ReturnType<typeof buildEngine> | null = buildEngine(spec);
const json = spec.tasks.map((t) => JSON.stringify(t));
// 1,000 tasks per simulated millisecond: every step deadline (30-60 s) is still ahead when the
// server restarts at the end of creation, so the restart itself fires nothing.
for (let i = 0; i < tasks; i++) {
  built.engine.execute(
    { type: "task.create", attributes: json[i % json.length] as string, workflowSid: built.workflowSid },
    built.now,
  );
  if (i % 1000 === 999) built.now++;
}
built.now++;
const snapshot = built.engine.snapshot();
const workspaceSid = built.engine.sid;
const expectedWake = built.engine.nextWakeAt();
const endOfCreation = built.now;
built = null;

// Step deadlines from the stored data: pick an instant with about 1% of them due.
const stepDue: number[] = [];
let ttlTimers = 0;
for (const t of snapshot.tasks) {
  if (t.assignmentStatus !== "pending") continue;
  ttlTimers++;
  if (t.routing?.stepDeadline != null) stepDue.push(t.dateCreated + t.routing.stepDeadline);
}
stepDue.sort((a, b) => a - b);
const fireAt = stepDue[Math.floor(stepDue.length / 100)] ?? endOfCreation;
const expectedFired = stepDue.filter((at) => at <= fireAt).length;

const db = tempDatabase();
const seedStart = performance.now();
await seedDatabase(db.path, snapshot);
const seedSeconds = (performance.now() - seedStart) / 1000;
snapshot.tasks = [];
gc?.();

const clock = new SimulatedClock(endOfCreation);
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const authorization = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;
const cpuStart = threadCpu();
const start = performance.now();
// The server listens before its workspaces are restored (they answer as each one is): poll from the
// start, recording the first answer of any kind (a 503 while loading) and the first 200.
const starting = startBenchServer(db.path, clock, port);
let firstAnswerSeconds: number | null = null;
let status = 0;
while (status !== 200) {
  try {
    const res = await fetch(`${baseUrl}/v1/Workspaces/${workspaceSid}`, { headers: { authorization } });
    status = res.status;
    await res.arrayBuffer();
    firstAnswerSeconds ??= (performance.now() - start) / 1000;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 5)); // not listening yet
  }
}
const readySeconds = (performance.now() - start) / 1000;
const server = await starting;
const readyCpu = cpuSince(cpuStart);
const host = server.server.runtime.workspace(workspaceSid);
if (!host) throw new Error("the workspace was not restored");
const restoredWake = host.wakeAt();
let restoredTasks = 0;
for (const _ of host.view.tasks()) restoredTasks++;
const atFirstTarget = () => {
  let n = 0;
  for (const t of host.view.tasks()) if (t.routing?.targetIndex === 0 && t.routing.filterIndex !== null) n++;
  return n;
};
const before = atFirstTarget();
clock.set(fireAt);
await server.server.runtime.idle();
const fired = before - atFirstTarget();
await server.close();
db.remove();
console.log(
  JSON.stringify({
    tasks,
    restoredTasks,
    seedSeconds,
    readySeconds,
    firstAnswerSeconds,
    readyCpuSeconds: readyCpu.main / 1000,
    readyOtherCpuSeconds: readyCpu.others / 1000,
    expectedWake,
    restoredWake,
    ttlTimers,
    stepTimers: stepDue.length,
    expectedFired,
    fired,
    rss: process.memoryUsage().rss,
  }),
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const free = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(free));
    });
  });
}

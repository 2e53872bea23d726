/**
 * Filtered lists over HTTP: GET /v1/Workspaces/{WS}/Workers?TargetWorkersExpression=… on a real
 * started Tasklane holding 10,000 generated workers (TaskRouter itself allows about 3 such requests
 * per second). autocannon in its own process, keep-alive, 16 connections, default page size (50).
 * Under steady writes: meanwhile a paced client (its own process) changes one worker's activity
 * (Available ⇄ Offline, rotating over 1,000 workers) WRITES_PER_SECOND times a second, so the
 * workspace is never unchanged for long and the lists cannot simply be reused.
 * Reference, same run: an empty Fastify route under the same load. Goal ≥ 1,000 req/s.
 */
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { autocannon, startEmptyRoute } from "../workloads/autocannon.ts";
import { buildEngine } from "../workloads/build-engine.ts";
import { pacedLoad } from "../workloads/paced.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";
import { seedDatabase, startBenchServer, tempDatabase } from "../workloads/server.ts";
import { cpuSince, threadCpu } from "../workloads/thread-cpu.ts";

const GOAL_RATE = 1_000;
const WRITES_PER_SECOND = 50;
const EXPRESSION = 'skills HAS "billing" AND languages HAS "spanish" AND level >= 2';

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const seconds = quick ? 5 : 15;
  const connections = 16;
  const spec = generateWorkload({ workers: 10_000, queues: 25 });
  const built = buildEngine(spec);
  const snapshot = built.engine.snapshot();
  const db = tempDatabase();
  await seedDatabase(db.path, snapshot);
  const server = await startBenchServer(db.path);
  const empty = await startEmptyRoute();
  try {
    const base = `${server.baseUrl}/v1/Workspaces/${built.engine.sid}/Workers`;
    const query = new URLSearchParams({ TargetWorkersExpression: EXPRESSION }).toString();
    const url = `${base}?${query}`;
    const check = await fetch(url, { headers: { authorization: server.authorization } });
    const page = (await check.json()) as { workers?: unknown[] };
    if (check.status !== 200 || !page.workers) throw new Error(`the filtered list answered ${check.status}`);
    const writes = pacedLoad({
      url: base,
      urls: snapshot.workers.slice(0, 1_000).map((w) => `${base}/${w.sid}`),
      bodies: [built.offlineActivitySid, built.availableActivitySid].map((sid) =>
        new URLSearchParams({ ActivitySid: sid }).toString(),
      ),
      headers: { authorization: server.authorization, "content-type": "application/x-www-form-urlencoded" },
      body: "",
      rate: WRITES_PER_SECOND,
      seconds: seconds + 1,
    });
    // The server runs in this process: its main thread's CPU over the run, per request answered.
    const cpuStart = threadCpu();
    const tasklane = await autocannon({
      url,
      headers: { authorization: server.authorization },
      connections,
      seconds,
    });
    const cpu = cpuSince(cpuStart);
    const written = await writes;
    const reference = await autocannon({ url: empty.url, connections, seconds });
    const met = tasklane.requestsPerSecond >= GOAL_RATE ? "met" : "MISSED";
    return [
      {
        name: `GET Workers?TargetWorkersExpression (10,000 workers, ${WRITES_PER_SECOND} writes/s)`,
        value: tasklane.requestsPerSecond,
        unit: "req/s",
        reference: { name: "empty Fastify route", value: reference.requestsPerSecond },
        ratio: tasklane.requestsPerSecond / reference.requestsPerSecond,
        goal: `≥ ${GOAL_RATE.toLocaleString("en")} req/s (${met})`,
        notes: `${EXPRESSION}; ${page.workers.length} workers on the first page; p50 ${tasklane.p50} ms, p99 ${tasklane.p99} ms; ${tasklane.non2xx} non-2xx; server main-thread CPU ${(cpu.main / tasklane.total).toFixed(3)} ms per request (writes included); writes: ${written.sent - written.failures} of ${written.sent} answered 2xx, p50 ${written.p50.toFixed(1)} ms`,
      },
    ];
  } finally {
    await empty.close();
    await server.close();
    db.remove();
  }
}

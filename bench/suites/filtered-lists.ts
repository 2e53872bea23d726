/**
 * Filtered lists over HTTP: GET /v1/Workspaces/{WS}/Workers?TargetWorkersExpression=… on a real
 * started Tasklane holding 10,000 generated workers (TaskRouter itself allows about 3 such requests
 * per second). autocannon in its own process, keep-alive, 16 connections, default page size (50).
 * Reference, same run: an empty Fastify route under the same load. Goal ≥ 1,000 req/s.
 */
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { autocannon, startEmptyRoute } from "../workloads/autocannon.ts";
import { buildEngine } from "../workloads/build-engine.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";
import { seedDatabase, startBenchServer, tempDatabase } from "../workloads/server.ts";

const GOAL_RATE = 1_000;
const EXPRESSION = 'skills HAS "billing" AND languages HAS "spanish" AND level >= 2';

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const seconds = quick ? 5 : 15;
  const connections = 16;
  const spec = generateWorkload({ workers: 10_000, queues: 25 });
  const built = buildEngine(spec);
  const db = tempDatabase();
  await seedDatabase(db.path, built.engine.snapshot());
  const server = await startBenchServer(db.path);
  const empty = await startEmptyRoute();
  try {
    const query = new URLSearchParams({ TargetWorkersExpression: EXPRESSION }).toString();
    const url = `${server.baseUrl}/v1/Workspaces/${built.engine.sid}/Workers?${query}`;
    const check = await fetch(url, { headers: { authorization: server.authorization } });
    const page = (await check.json()) as { workers?: unknown[] };
    if (check.status !== 200 || !page.workers) throw new Error(`the filtered list answered ${check.status}`);
    const tasklane = await autocannon({
      url,
      headers: { authorization: server.authorization },
      connections,
      seconds,
    });
    const reference = await autocannon({ url: empty.url, connections, seconds });
    const met = tasklane.requestsPerSecond >= GOAL_RATE ? "met" : "MISSED";
    return [
      {
        name: "GET Workers?TargetWorkersExpression (10,000 workers)",
        value: tasklane.requestsPerSecond,
        unit: "req/s",
        reference: { name: "empty Fastify route", value: reference.requestsPerSecond },
        ratio: tasklane.requestsPerSecond / reference.requestsPerSecond,
        goal: `≥ ${GOAL_RATE.toLocaleString("en")} req/s (${met})`,
        notes: `${EXPRESSION}; ${page.workers.length} workers on the first page; p50 ${tasklane.p50} ms, p99 ${tasklane.p99} ms; ${tasklane.non2xx} non-2xx`,
      },
    ];
  } finally {
    await empty.close();
    await server.close();
    db.remove();
  }
}

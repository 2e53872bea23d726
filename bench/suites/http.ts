/**
 * Durable task creation over HTTP: POST /v1/Workspaces/{WS}/Tasks on a real started Tasklane
 * (SQLite file, WAL; a 201 is sent only after the task's batch is committed) with autocannon in its
 * own process: keep-alive, 32 connections. Reference, same run, same machine: an empty Fastify route
 * under the same load. Goal: ≥ 0.4 of the empty route's throughput. The workspace is the generated
 * workload with 200 workers and the 25 workflow queues (tasks are reserved until every worker is
 * busy, then wait in their queues).
 */
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { autocannon, startEmptyRoute } from "../workloads/autocannon.ts";
import { buildEngine } from "../workloads/build-engine.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";
import { seedDatabase, startBenchServer, tempDatabase } from "../workloads/server.ts";

const GOAL_SHARE = 0.4;

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const seconds = quick ? 5 : 15;
  const connections = 32;
  const spec = generateWorkload({ workers: 200, queues: 25 });
  const built = buildEngine(spec);
  const db = tempDatabase();
  await seedDatabase(db.path, built.engine.snapshot());
  const server = await startBenchServer(db.path);
  const empty = await startEmptyRoute();
  try {
    const body = new URLSearchParams({
      WorkflowSid: built.workflowSid,
      Attributes: JSON.stringify(spec.tasks[0]),
    }).toString();
    const tasklane = await autocannon({
      url: `${server.baseUrl}/v1/Workspaces/${built.engine.sid}/Tasks`,
      method: "POST",
      headers: { authorization: server.authorization, "content-type": "application/x-www-form-urlencoded" },
      body,
      connections,
      seconds,
    });
    const reference = await autocannon({
      url: empty.url,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      connections,
      seconds,
    });
    if (reference.non2xx > 0) throw new Error(`the empty route answered ${reference.non2xx} non-2xx`);
    const share = tasklane.requestsPerSecond / reference.requestsPerSecond;
    const stored = [...(server.server.runtime.workspace(built.engine.sid)?.view.tasks() ?? [])].length;
    return [
      {
        name: "POST Tasks (durable, SQLite)",
        value: tasklane.requestsPerSecond,
        unit: "req/s",
        reference: { name: "empty Fastify route", value: reference.requestsPerSecond },
        ratio: share,
        goal: `≥ ${GOAL_SHARE} of the empty route (${share >= GOAL_SHARE ? "met" : "MISSED"})`,
        notes: `${connections} keep-alive connections, ${seconds} s; ${tasklane.non2xx} non-2xx, ${tasklane.errors} errors; ${stored} tasks stored`,
      },
      {
        name: "POST Tasks latency p50",
        value: tasklane.p50,
        unit: "ms",
        reference: { name: "empty route p50", value: reference.p50 },
        ...(reference.p50 > 0 ? { ratio: tasklane.p50 / reference.p50 } : {}),
        notes: "ratio = Tasklane / empty route (a cost); autocannon reports whole milliseconds",
      },
      {
        name: "POST Tasks latency p99",
        value: tasklane.p99,
        unit: "ms",
        reference: { name: "empty route p99", value: reference.p99 },
        ...(reference.p99 > 0 ? { ratio: tasklane.p99 / reference.p99 } : {}),
        notes: "ratio = Tasklane / empty route (a cost); autocannon reports whole milliseconds",
      },
    ];
  } finally {
    await empty.close();
    await server.close();
    db.remove();
  }
}

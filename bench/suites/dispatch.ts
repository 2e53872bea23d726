/**
 * Dispatch latency: from the task-create request to the reservation being made and committed, at
 * 1,000 tasks/s (open loop, bench/workloads/paced-client.ts in its own process). The engine makes
 * the reservation inside the task.create command, and the 201 is sent only after that batch is
 * committed to SQLite, so the POST's response time is request → reservation.created durable; every
 * response is checked to say `"assignment_status": "reserved"`.
 * Not measured yet (they do not exist): the assignment callback POST reaching a receiver, and the
 * reservation reaching a worker's websocket.
 * Reference, same run: the empty Fastify route under the same paced load.
 * Workspace: 500 generated workers with capacity 50 on the default channel; tasks go to the
 * workflow's default filter (an "everyone" queue), so every task finds a worker.
 */
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { startEmptyRoute } from "../workloads/autocannon.ts";
import { buildEngine } from "../workloads/build-engine.ts";
import { pacedLoad } from "../workloads/paced.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";
import { seedDatabase, startBenchServer, tempDatabase } from "../workloads/server.ts";

const RATE = 1_000;

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const seconds = quick ? 4 : 15;
  const spec = generateWorkload({ workers: 500, queues: 25 });
  const built = buildEngine(spec);
  const snapshot = built.engine.snapshot();
  for (const wc of snapshot.workerChannels)
    if (wc.taskChannelUniqueName === "default") wc.configuredCapacity = 50;
  const db = tempDatabase();
  await seedDatabase(db.path, snapshot);
  const server = await startBenchServer(db.path);
  const empty = await startEmptyRoute();
  try {
    const headers = {
      authorization: server.authorization,
      "content-type": "application/x-www-form-urlencoded",
    };
    const body = new URLSearchParams({
      WorkflowSid: built.workflowSid,
      Attributes: JSON.stringify({ type: "walk-in", language: "english", min_level: 1 }),
    }).toString();
    const url = `${server.baseUrl}/v1/Workspaces/${built.engine.sid}/Tasks`;
    // Warm-up (JIT, connections), then the measured run.
    await pacedLoad({ url, headers, body, rate: RATE, seconds: 1 });
    const r = await pacedLoad({
      url,
      headers,
      body,
      rate: RATE,
      seconds,
      expect: '"assignment_status":"reserved"',
    });
    const ref = await pacedLoad({ url: empty.url, headers, body, rate: RATE, seconds });
    const met = (p: number, goal: number) => (p <= goal ? "met" : "MISSED");
    const notes = `${RATE}/s for ${seconds} s (achieved ${Math.round(r.achievedRate)}/s); ${r.failures} of ${r.sent} responses not reserved or failed; max ${r.max.toFixed(1)} ms`;
    return [
      {
        name: "request → reservation committed, p50",
        value: r.p50,
        unit: "ms",
        reference: { name: "empty route p50", value: ref.p50 },
        ratio: r.p50 / ref.p50,
        goal: `≤ 2 ms (${met(r.p50, 2)})`,
        notes,
      },
      {
        name: "request → reservation committed, p99",
        value: r.p99,
        unit: "ms",
        reference: { name: "empty route p99", value: ref.p99 },
        ratio: r.p99 / ref.p99,
        goal: `≤ 10 ms (${met(r.p99, 10)})`,
        notes:
          "ratio = Tasklane / empty route (a cost); assignment callback and websocket legs not measured yet",
      },
    ];
  } finally {
    await empty.close();
    await server.close();
    db.remove();
  }
}

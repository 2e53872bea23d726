/**
 * Dispatch latency: from the task-create request to the reservation being made and committed, at
 * 500 and at 1,000 tasks/s (open loop, bench/workloads/paced-client.ts in its own process), with
 * the main thread's CPU per dispatch. The engine makes the reservation inside the task.create command, and the 201 is sent only after that batch is
 * committed to SQLite, so the POST's response time is request → reservation.created durable; every
 * response is checked to say `"assignment_status": "reserved"`.
 * Also measured from the same requests (their due time travels in the task's attributes as
 * `sent_at`): the assignment callback POST reaching a receiver, and `reservation.created` reaching
 * the reserved worker's websocket (bench/workloads/dispatch-receivers.ts, in this process).
 * Reference, same run: the empty Fastify route under the same paced load.
 * Workspace: 500 generated workers with capacity 50 on the default channel; tasks go to the
 * workflow's default filter (an "everyone" queue), so every task finds a worker.
 */
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { startEmptyRoute } from "../workloads/autocannon.ts";
import { ACCOUNT_SID, buildEngine } from "../workloads/build-engine.ts";
import {
  openWorkerSockets,
  percentile,
  startCallbackReceiver,
  type WorkerSockets,
} from "../workloads/dispatch-receivers.ts";
import { pacedLoad } from "../workloads/paced.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";
import { seedDatabase, startBenchServer, tempDatabase } from "../workloads/server.ts";
import { cpuSince, threadCpu } from "../workloads/thread-cpu.ts";

const RATES = [500, 1_000];
const met = (value: number, goal: number) => (value <= goal ? "met" : "MISSED");

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
  const callbackLatencies: number[] = [];
  const socketLatencies: number[] = [];
  const receiver = await startCallbackReceiver(callbackLatencies);
  let sockets: WorkerSockets | null = null;
  try {
    const headers = {
      authorization: server.authorization,
      "content-type": "application/x-www-form-urlencoded",
    };
    const post = async (path: string, form: Record<string, string>) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: "POST",
        headers,
        body: new URLSearchParams(form).toString(),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    await post(`/v1/Workspaces/${built.engine.sid}/Workflows/${built.workflowSid}`, {
      AssignmentCallbackUrl: receiver.url,
    });
    const key = await post(`/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`, { FriendlyName: "bench" });
    sockets = await openWorkerSockets({
      wsUrl: `ws://127.0.0.1:${server.server.port}/v1/wschannels`,
      accountSid: ACCOUNT_SID,
      workspaceSid: built.engine.sid,
      workerSids: snapshot.workers.map((w) => w.sid),
      key: { sid: key.sid ?? "", secret: key.secret ?? "" },
      latencies: socketLatencies,
    });
    // `__SENT_AT__` is replaced by each request's due time (paced-client.ts).
    const attributes = '{"type":"walk-in","language":"english","min_level":1,"sent_at":__SENT_AT__}';
    const body = new URLSearchParams({ WorkflowSid: built.workflowSid, Attributes: attributes }).toString();
    const url = `${server.baseUrl}/v1/Workspaces/${built.engine.sid}/Tasks`;
    // Warm-up (JIT, connections), then one measured run per rate, each with its reference.
    const results: BenchResult[] = [];
    for (const rate of RATES) {
      const warm = await pacedLoad({ url, headers, body, rate, seconds: 1 });
      // The warm-up's callbacks and pushes must not be counted in the measured run.
      for (
        let i = 0;
        i < 100 && Math.min(callbackLatencies.length, socketLatencies.length) < warm.sent;
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      callbackLatencies.length = 0;
      socketLatencies.length = 0;
      const cpuStart = threadCpu();
      const r = await pacedLoad({
        url,
        headers,
        body,
        rate,
        seconds,
        expect: '"assignment_status":"reserved"',
      });
      // Let the last callbacks and pushes arrive before counting.
      for (let i = 0; i < 50 && Math.min(callbackLatencies.length, socketLatencies.length) < r.sent; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const cpu = cpuSince(cpuStart);
      const ref = await pacedLoad({ url: empty.url, headers, body, rate, seconds });
      const at = `at ${rate}/s`;
      const notes = `${rate}/s for ${seconds} s (achieved ${Math.round(r.achievedRate)}/s); ${r.failures} of ${r.sent} responses not reserved or failed; max ${r.max.toFixed(1)} ms`;
      results.push(
        {
          name: `${at}: request → reservation committed, p50`,
          value: r.p50,
          unit: "ms",
          reference: { name: "empty route p50", value: ref.p50 },
          ratio: r.p50 / ref.p50,
          goal: `≤ 2 ms (${met(r.p50, 2)})`,
          notes,
        },
        {
          name: `${at}: request → reservation committed, p99`,
          value: r.p99,
          unit: "ms",
          reference: { name: "empty route p99", value: ref.p99 },
          ratio: r.p99 / ref.p99,
          goal: `≤ 10 ms (${met(r.p99, 10)})`,
          notes: "ratio = Tasklane / empty route (a cost)",
        },
        {
          name: `${at}: main-thread CPU per dispatch`,
          value: cpu.main / r.sent,
          unit: "ms",
          goal: `≤ 1 ms (${met(cpu.main / r.sent, 1)})`,
          notes: `includes the in-process callback receiver and worker sockets; the process's other threads (SQLite writer, GC helpers): ${(cpu.others / r.sent).toFixed(2)} ms per dispatch`,
        },
        ...leg(at, "assignment callback received", callbackLatencies, r.sent, ref),
        ...leg(at, "reservation.created on the worker's websocket", socketLatencies, r.sent, ref),
      );
    }
    return results;
  } finally {
    sockets?.close();
    await receiver.close();
    await empty.close();
    await server.close();
    db.remove();
  }
}

function leg(
  at: string,
  what: string,
  latencies: number[],
  sent: number,
  ref: { p50: number; p99: number },
): BenchResult[] {
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  const notes = `${latencies.length} of ${sent} requests measured, max ${Math.max(...latencies).toFixed(1)} ms; from the request's due time`;
  return [
    {
      name: `${at}: request → ${what}, p50`,
      value: p50,
      unit: "ms",
      reference: { name: "empty route p50", value: ref.p50 },
      ratio: p50 / ref.p50,
      goal: `≤ 2 ms (${met(p50, 2)})`,
      notes,
    },
    {
      name: `${at}: request → ${what}, p99`,
      value: p99,
      unit: "ms",
      reference: { name: "empty route p99", value: ref.p99 },
      ratio: p99 / ref.p99,
      goal: `≤ 10 ms (${met(p99, 10)})`,
      notes,
    },
  ];
}

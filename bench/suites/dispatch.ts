/**
 * Dispatch latency: from the task-create request to the reservation being made and committed, at
 * 500 and at 1,000 tasks/s (open loop, bench/workloads/paced-client.ts in its own process), with
 * the server's main-thread CPU per dispatch. The engine makes the reservation inside the
 * task.create command, and the 201 is sent only after that batch is committed to SQLite, so the
 * POST's response time is request → reservation.created durable; every response is checked to say
 * `"assignment_status": "reserved"`.
 * Also measured from the same requests (their due time travels in the task's attributes as
 * `sent_at`): the assignment callback POST reaching a receiver, and `reservation.created` reaching
 * the reserved worker's websocket (bench/workloads/dispatch-receivers.ts).
 * Black-box: the server, the receivers (callback receiver and 500 worker websockets) and the load
 * generator each run in a process of their own (bench/workloads/server-child.ts,
 * receivers-child.ts), so the server's main-thread CPU, read from /proc/<pid>/task/<pid>/stat over
 * the measured window, is the server's alone.
 * Reference, same run: the empty Fastify route under the same paced load, in its own process too,
 * measured the same way (latency and main-thread CPU per request).
 * Workspace: 500 generated workers with capacity 100 on the default channel (every task stays open, and both rates with their warm-ups need ~24,000 slots of the 375 available workers); tasks go to the
 * workflow's default filter (an "everyone" queue), so every task finds a worker.
 * Environment: BENCH_DISPATCH_RATES (e.g. "500"), BENCH_SERVER_ARGS (node flags for the server's
 * process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { join } from "node:path";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { ACCOUNT_SID, buildEngine } from "../workloads/build-engine.ts";
import { type ServiceChild, spawnService } from "../workloads/child.ts";
import { percentile } from "../workloads/dispatch-receivers.ts";
import { type PacedResult, pacedLoad } from "../workloads/paced.ts";
import { generateWorkload } from "../workloads/routing-workload.ts";
import { seedDatabase, tempDatabase } from "../workloads/server.ts";
import { cpuSince, threadCpu } from "../workloads/thread-cpu.ts";

const RATES = (process.env.BENCH_DISPATCH_RATES ?? "500,1000").split(",").map(Number);
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter((a) => a !== "");
const met = (value: number, goal: number) => (value <= goal ? "met" : "MISSED");
const SERVER = join(import.meta.dirname, "..", "workloads", "server-child.ts");
const RECEIVERS = join(import.meta.dirname, "..", "workloads", "receivers-child.ts");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Listening {
  url: string;
  port: number;
  authorization: string;
}
interface Counts {
  callback: number;
  websocket: number;
}
interface Taken {
  callback: number[];
  websocket: number[];
}

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const seconds = quick ? 4 : 15;
  const spec = generateWorkload({ workers: 500, queues: 25 });
  const built = buildEngine(spec);
  const snapshot = built.engine.snapshot();
  for (const wc of snapshot.workerChannels)
    if (wc.taskChannelUniqueName === "default") wc.configuredCapacity = 100;
  const db = tempDatabase();
  await seedDatabase(db.path, snapshot);
  const children: ServiceChild<unknown>[] = [];
  try {
    const server = await spawnService<Listening>(SERVER, { kind: "tasklane", db: db.path }, SERVER_ARGS);
    children.push(server);
    const empty = await spawnService<Listening>(SERVER, { kind: "empty" });
    children.push(empty);
    const receivers = await spawnService<{ url: string }>(RECEIVERS, {});
    children.push(receivers);
    const headers = {
      authorization: server.ready.authorization,
      "content-type": "application/x-www-form-urlencoded",
    };
    const post = async (path: string, form: Record<string, string>) => {
      const response = await fetch(`${server.ready.url}${path}`, {
        method: "POST",
        headers,
        body: new URLSearchParams(form).toString(),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    await post(`/v1/Workspaces/${built.engine.sid}/Workflows/${built.workflowSid}`, {
      AssignmentCallbackUrl: receivers.ready.url,
    });
    const key = await post(`/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`, { FriendlyName: "bench" });
    await receivers.ask({
      type: "sockets",
      wsUrl: `ws://127.0.0.1:${server.ready.port}/v1/wschannels`,
      accountSid: ACCOUNT_SID,
      workspaceSid: built.engine.sid,
      workerSids: snapshot.workers.map((w) => w.sid),
      key: { sid: key.sid ?? "", secret: key.secret ?? "" },
    });
    /** Waits (at most `tries` × 100 ms) until both receivers counted `sent` arrivals. */
    const arrived = async (sent: number, tries: number) => {
      for (let i = 0; i < tries; i++) {
        const c = await receivers.ask<Counts>({ type: "counts" });
        if (Math.min(c.callback, c.websocket) >= sent) return;
        await sleep(100);
      }
    };
    // `__SENT_AT__` is replaced by each request's due time (paced-client.ts).
    const attributes = '{"type":"walk-in","language":"english","min_level":1,"sent_at":__SENT_AT__}';
    const body = new URLSearchParams({ WorkflowSid: built.workflowSid, Attributes: attributes }).toString();
    const url = `${server.ready.url}/v1/Workspaces/${built.engine.sid}/Tasks`;
    // Warm-up (JIT, connections), then one measured run per rate, each with its reference.
    const results: BenchResult[] = [];
    for (const rate of RATES) {
      const warm = await pacedLoad({ url, headers, body, rate, seconds: 1 });
      // The warm-up's callbacks and pushes must not be counted in the measured run.
      await arrived(warm.sent, 100);
      await sleep(500);
      await receivers.ask<Taken>({ type: "take" });
      const commitsStart = await commitStats(server.ready);
      const cpuStart = threadCpu(server.pid);
      const r = await pacedLoad({
        url,
        headers,
        body,
        rate,
        seconds,
        expect: '"assignment_status":"reserved"',
      });
      // Let the last callbacks and pushes arrive before counting.
      await arrived(r.sent, 50);
      const cpu = cpuSince(cpuStart, server.pid);
      const commits = minus(await commitStats(server.ready), commitsStart);
      const legs = await receivers.ask<Taken>({ type: "take" });
      await pacedLoad({ url: empty.ready.url, headers, body, rate, seconds: 1 });
      const refStart = threadCpu(empty.pid);
      const ref = await pacedLoad({ url: empty.ready.url, headers, body, rate, seconds });
      const refCpu = cpuSince(refStart, empty.pid);
      results.push(...measured(rate, seconds, r, ref, cpu, refCpu, legs, commits));
    }
    return results;
  } finally {
    for (const child of children.reverse()) await child.stop();
    db.remove();
  }
}

function measured(
  rate: number,
  seconds: number,
  r: PacedResult,
  ref: PacedResult,
  cpu: { main: number; others: number },
  refCpu: { main: number },
  legs: Taken,
  commits: CommitStats,
): BenchResult[] {
  const at = `at ${rate}/s`;
  const commitNotes = `${commits.count} group commits (${(r.sent / Math.max(1, commits.count)).toFixed(1)} dispatches each), mean ${((commits.sum / Math.max(1, commits.count)) * 1000).toFixed(1)} ms, ${commits.over10ms} over 10 ms, ${commits.over25ms} over 25 ms (tasklane_commit_duration_seconds)`;
  const notes = `${rate}/s for ${seconds} s (achieved ${Math.round(r.achievedRate)}/s); ${r.failures} of ${r.sent} responses not reserved or failed; max ${r.max.toFixed(1)} ms`;
  const perDispatch = cpu.main / r.sent;
  const refPerRequest = refCpu.main / ref.sent;
  return [
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
      name: `${at}: server main-thread CPU per dispatch`,
      value: perDispatch,
      unit: "ms",
      reference: { name: "empty route, main-thread CPU per request", value: refPerRequest },
      ratio: perDispatch / refPerRequest,
      goal: `≤ 1 ms (${met(perDispatch, 1)})`,
      notes: `the server's process alone (receivers and load in their own processes); its other threads (SQLite writer, GC helpers): ${(cpu.others / r.sent).toFixed(2)} ms per dispatch; 10 ms ticks over ${r.sent} dispatches`,
    },
    {
      name: `${at}: group commits`,
      value: commits.count,
      unit: "commits",
      notes: commitNotes,
    },
    ...leg(at, "assignment callback received", legs.callback, r.sent, ref),
    ...leg(at, "reservation.created on the worker's websocket", legs.websocket, r.sent, ref),
  ];
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
  let max = 0;
  for (const l of latencies) if (l > max) max = l;
  const notes = `${latencies.length} of ${sent} requests measured, max ${max.toFixed(1)} ms; from the request's due time`;
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

interface CommitStats {
  count: number;
  sum: number;
  over10ms: number;
  over25ms: number;
}

/** The server's group-commit histogram (GET /metrics), to tell commit latency from the rest. */
async function commitStats(server: Listening): Promise<CommitStats> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: server.authorization } });
  const text = await res.text();
  const value = (pattern: RegExp) => {
    let total = 0;
    for (const match of text.matchAll(pattern)) total += Number(match[1]);
    return total;
  };
  const count = value(/^tasklane_commit_duration_seconds_count\{[^}]*\} (\S+)$/gm);
  const upTo = (le: string) =>
    value(new RegExp(`^tasklane_commit_duration_seconds_bucket\\{[^}]*le="${le}"[^}]*\\} (\\S+)$`, "gm"));
  return {
    count,
    sum: value(/^tasklane_commit_duration_seconds_sum\{[^}]*\} (\S+)$/gm),
    over10ms: count - upTo("0.01"),
    over25ms: count - upTo("0.025"),
  };
}

function minus(a: CommitStats, b: CommitStats): CommitStats {
  return {
    count: a.count - b.count,
    sum: a.sum - b.sum,
    over10ms: a.over10ms - b.over10ms,
    over25ms: a.over25ms - b.over25ms,
  };
}

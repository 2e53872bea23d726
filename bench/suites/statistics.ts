/**
 * Statistics cost, measured in-process on the handlers' computation (no HTTP):
 *   - real-time queue statistics (the body of GET /TaskQueues/{Sid}/RealTimeStatistics) on a
 *     workspace of 100,000 workers and 1,000,000 tasks (quick: 10,000 / 100,000); goal ≤ 1 ms.
 *     Reference: the same figures by scanning every task and worker once (what a naive server does).
 *   - cumulative statistics over 1,000,000 events (quick: 100,000) spread over 30 days: a 30-day
 *     window (every event) and the default 15 minutes; goal ≤ 100 ms. Reference: one scan of the events.
 *   - ingest rate of the cumulative history (events/s).
 * The engine state is built by restoring a generated snapshot (like bench/workloads/build-engine.ts).
 */

import type { StatsFrame } from "../../src/api/resources/statistics/frame.ts";
import { queueRealtime } from "../../src/api/resources/statistics/queue-statistics.ts";
import type { Task, Worker, WorkerChannel } from "../../src/domain/entities.ts";
import type { DomainEvent } from "../../src/domain/event-types.ts";
import { sequentialSids } from "../../src/domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG, type EngineDeps } from "../../src/engine/view.ts";
import { WorkspaceEngine } from "../../src/engine/workspace-engine.ts";
import { CumulativeStatistics } from "../../src/stats/cumulative/cumulative-statistics.ts";
import { RETENTION_MS } from "../../src/stats/cumulative/workspace-history.ts";
import { Params } from "../../src/wire/params.ts";
import { consume } from "../lib/measure.ts";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const QUEUES = 10;
const sid = (prefix: string, n: number) => `${prefix}f${n.toString(16).padStart(31, "0")}`;

/** Median wall time (ms) of `fn` over `rounds` calls after a warm-up. */
function medianMs(fn: () => number, rounds: number): number {
  for (let i = 0; i < Math.min(rounds, 20); i++) consume(fn());
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    consume(fn());
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function buildWorkspace(workers: number, tasks: number) {
  const deps: EngineDeps = {
    accountSid: `AC${"0".repeat(32)}`,
    sids: sequentialSids(),
    config: DEFAULT_ENGINE_CONFIG,
  };
  let now = START;
  let engine = WorkspaceEngine.create(deps, { friendlyName: "Stats bench" }, now).engine;
  const queues: string[] = [];
  for (let q = 0; q < QUEUES; q++) {
    const out = engine.execute(
      { type: "taskQueue.create", friendlyName: `Q${q}`, targetWorkers: `dept == "d${q}"` },
      now++,
    );
    queues.push((out.result as { sid: string }).sid);
  }
  const activities = [...engine.view.activities()];
  const available = activities.find((a) => a.friendlyName === "Available")?.sid ?? "";
  const offline = activities.find((a) => a.friendlyName === "Offline")?.sid ?? "";
  const template = engine.execute(
    { type: "worker.create", friendlyName: "template", attributes: "{}" },
    now++,
  ).result as Worker;
  const snapshot = engine.snapshot();
  const templateChannels = snapshot.workerChannels.filter((c) => c.workerSid === template.sid);
  snapshot.workers = [];
  snapshot.workerChannels = [];
  for (let i = 0; i < workers; i++) {
    const attrs = { dept: `d${i % QUEUES}` };
    const w: Worker = {
      ...template,
      sid: sid("WK", i),
      friendlyName: `w${i}`,
      attributes: JSON.stringify(attrs),
      attrs,
      activitySid: i % 3 === 0 ? offline : available,
      dateStatusChanged: now - workers + i,
    };
    snapshot.workers.push(w);
    for (const c of templateChannels)
      snapshot.workerChannels.push({
        ...c,
        sid: sid("WC", i * 8 + snapshot.workerChannels.length),
        workerSid: w.sid,
      } as WorkerChannel);
  }
  const channel = snapshot.taskChannels.find((c) => c.uniqueName === "default");
  for (let i = 0; i < tasks; i++) {
    const created = now - (tasks - i) * 10;
    const pending = i % 10 === 0;
    const task: Task = {
      sid: sid("WT", i),
      workspaceSid: snapshot.workspace.sid,
      attributes: "{}",
      attrs: {},
      assignmentStatus: pending ? "pending" : "assigned",
      priority: pending ? 0 : i % 5,
      reason: null,
      taskChannelSid: channel?.sid ?? "",
      taskChannelUniqueName: "default",
      workflowSid: null,
      taskQueueSid: queues[i % QUEUES] ?? null,
      taskQueueEnteredDate: created,
      timeout: 1_209_600,
      virtualStartTime: created,
      routingTarget: null,
      ignoreCapacity: null,
      routing: { filterIndex: null, targetIndex: 0, stepDeadline: null, skipChecked: true },
      assignmentCount: pending ? 0 : 1,
      version: 0,
      dateCreated: created,
      dateUpdated: created,
      deleteAt: null,
    };
    snapshot.tasks.push(task);
  }
  engine = WorkspaceEngine.restore(deps, snapshot, now);
  return { engine, queues, now };
}

/** The naive way: scan every task and worker for one queue's figures. */
function scanQueue(engine: WorkspaceEngine, queueSid: string, dept: string, now: number): number {
  const view = engine.view;
  let total = 0;
  let oldest = Number.POSITIVE_INFINITY;
  const priorities = new Map<number, number>();
  for (const t of view.tasks()) {
    if (t.taskQueueSid !== queueSid) continue;
    total++;
    priorities.set(t.priority, (priorities.get(t.priority) ?? 0) + 1);
    if (t.assignmentStatus === "pending" && t.dateCreated < oldest) oldest = t.dateCreated;
  }
  let eligible = 0;
  for (const w of view.workers()) if (w.attrs.dept === dept) eligible++;
  return total + eligible + priorities.size + (now - oldest > 0 ? 1 : 0);
}

function realtimeResults(quick: boolean): BenchResult[] {
  const workers = quick ? 10_000 : 100_000;
  const tasks = quick ? 100_000 : 1_000_000;
  const t0 = Date.now();
  const { engine, queues: sids, now } = buildWorkspace(workers, tasks);
  const buildSeconds = (Date.now() - t0) / 1000;
  const view = engine.view;
  const realtime = view.statistics?.();
  if (!realtime) throw new Error("the engine keeps no statistics");
  const frame: StatsFrame = {
    workspaceSid: view.workspace.sid,
    accountSid: view.workspace.accountSid,
    view,
    realtime,
    now: now + 60_000,
    q: Params.of({}),
    url: (...s) => s.join("/"),
    summarize: () => {
      throw new Error("not used");
    },
  };
  const queueSid = sids[0] ?? "";
  let n = 0;
  const ms = medianMs(() => {
    const body = queueRealtime(frame, sids[n++ % sids.length] ?? queueSid, undefined);
    return body.total_tasks + body.total_eligible_workers;
  }, 2_000);
  const refMs = medianMs(() => scanQueue(engine, queueSid, "d0", frame.now), quick ? 5 : 3);
  const body = queueRealtime(frame, queueSid, undefined);
  return [
    {
      name: `real-time queue statistics, ${workers.toLocaleString("en")} workers / ${tasks.toLocaleString("en")} tasks`,
      value: Number(ms.toFixed(4)),
      unit: "ms",
      reference: { name: "scan of every task and worker", value: Number(refMs.toFixed(2)) },
      ratio: Number((refMs / ms).toFixed(0)),
      goal: "≤ 1 ms (full size)",
      notes: `median of 2,000 handler computations (queueRealtime) across ${QUEUES} queues; ratio = reference / value; queue shows ${body.total_tasks} tasks, ${body.total_eligible_workers} eligible; state built in ${buildSeconds.toFixed(1)} s`,
    },
  ];
}

/** Synthetic committed events: a task's life (created, entered, reservation created, accepted or canceled, completed) and activity changes. */
function* events(count: number, start: number, span: number): Generator<DomainEvent> {
  const step = span / count;
  const base = { AccountSid: "AC", WorkspaceSid: "WS", WorkspaceName: "bench" };
  const TYPES = [
    "task.created",
    "task-queue.entered",
    "reservation.created",
    "reservation.accepted",
    "task.completed",
    "task.canceled",
    "worker.activity.update",
  ] as const;
  const cached = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => sid(prefix, i));
  const [queues, channels, workers, activities] = [
    cached("WQ", QUEUES),
    cached("TC", 3),
    cached("WK", 1000),
    cached("WA", 3),
  ];
  const workflow = sid("WW", 0);
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length] as (typeof TYPES)[number];
    const task = Math.floor(i / TYPES.length);
    yield {
      eventType: type,
      resourceType: "Task",
      resourceSid: sid("WT", task),
      description: "",
      timestamp: Math.floor(start + i * step),
      fields: {
        ...base,
        TaskSid: sid("WT", task),
        TaskAge: task % 300,
        TaskQueueSid: queues[task % QUEUES] ?? "",
        TaskQueueEnteredDate: Math.floor((start + i * step) / 1000) - (task % 60),
        TaskChannelSid: channels[task % 3] ?? "",
        WorkflowSid: workflow,
        WorkerSid: workers[task % 1000] ?? "",
        WorkerPreviousActivitySid: activities[task % 3] ?? "",
        WorkerTimeInPreviousActivity: task % 900,
      },
    };
  }
}

function cumulativeResults(quick: boolean): BenchResult[] {
  const count = quick ? 100_000 : 1_000_000;
  const now = START;
  const span = RETENTION_MS - 60_000;
  const stats = new CumulativeStatistics();
  // Events are generated in chunks of 10,000 (untimed, not kept, as in a server where they pass
  // through); the ingest is timed in batches of 100 as commits deliver them. The reference, one scan
  // over every event, is timed on the same chunks.
  let ingestNs = 0n;
  let scanNs = 0n;
  let scanned = 0;
  let chunk: DomainEvent[] = [];
  const flush = () => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < chunk.length; i += 100) stats.ingest("WS", chunk.slice(i, i + 100));
    const t1 = process.hrtime.bigint();
    for (const e of chunk) if (e.eventType === "task.created") scanned++;
    scanNs += process.hrtime.bigint() - t1;
    ingestNs += t1 - t0;
    chunk = [];
  };
  for (const e of events(count, now - span, span)) {
    chunk.push(e);
    if (chunk.length === 10_000) flush();
  }
  flush();
  const ingestRate = count / (Number(ingestNs) / 1e9);
  const month = () =>
    stats.summarize("WS", { scope: "ws", start: now - RETENTION_MS, end: now, withWaits: false }).counters
      .tasks_created;
  const queue = () =>
    stats.summarize("WS", {
      scope: `q:${sid("WQ", 1)}`,
      channelSid: sid("TC", 1),
      start: now - RETENTION_MS,
      end: now,
    }).counters.tasks_entered;
  const recent = () =>
    stats.summarize("WS", { scope: "ws", start: now - 15 * 60_000, end: now }).counters.tasks_created;
  const monthMs = medianMs(month, quick ? 20 : 30);
  const queueMs = medianMs(queue, quick ? 20 : 30);
  const recentMs = medianMs(recent, 200);
  const burst = burstResult(quick);
  const scanMs = Number(scanNs) / 1e6;
  consume(scanned);
  const events30 = `${count.toLocaleString("en")} events over 30 days`;
  return [
    {
      name: `cumulative workspace statistics, 30-day window, ${events30}`,
      value: Number(monthMs.toFixed(4)),
      unit: "ms",
      reference: { name: "one scan of the events", value: Number(scanMs.toFixed(1)) },
      ratio: Number((scanMs / monthMs).toFixed(1)),
      goal: "≤ 100 ms (full size)",
      notes: `day and hour buckets + exact edges from the per-key contribution log; answer: ${month()} tasks created; ratio = reference / value`,
    },
    {
      name: `cumulative queue statistics with TaskChannel, 30-day window, ${events30}`,
      value: Number(queueMs.toFixed(4)),
      unit: "ms",
      goal: "≤ 100 ms (full size)",
    },
    {
      name: "cumulative workspace statistics, default 15 minutes",
      value: Number(recentMs.toFixed(3)),
      unit: "ms",
    },
    { name: "cumulative history ingest", value: Math.round(ingestRate), unit: "events/s" },
    burst,
  ];
}

/** The same number of events in a burst inside the last 10 minutes, queried with the default 15 minutes. */
function burstResult(quick: boolean): BenchResult {
  const count = quick ? 100_000 : 1_000_000;
  const stats = new CumulativeStatistics();
  let batch: DomainEvent[] = [];
  for (const e of events(count, START - 10 * 60_000, 10 * 60_000)) {
    batch.push(e);
    if (batch.length === 100) {
      stats.ingest("WS", batch);
      batch = [];
    }
  }
  stats.ingest("WS", batch);
  const query = () =>
    stats.summarize("WS", { scope: "ws", start: START - 15 * 60_000, end: START, withWaits: true }).counters
      .tasks_created;
  const ms = medianMs(query, 20);
  return {
    name: `cumulative workspace statistics with SplitByWaitTime, default 15 minutes, ${count.toLocaleString("en")} events in the last 10 minutes`,
    value: Number(ms.toFixed(2)),
    unit: "ms",
    goal: "≤ 100 ms (full size)",
    notes: "minute buckets for the last 3 hours; the wait lists are concatenated for the split",
  };
}

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  return [...cumulativeResults(quick), ...realtimeResults(quick)];
}

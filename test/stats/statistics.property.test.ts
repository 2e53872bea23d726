/**
 * Property: after any sequence of operations against the engine (task creates, accepts, rejects,
 * reservation and step timeouts through the simulated clock, activity changes, cancels, wrap-ups,
 * completes, deletes), every real-time figure equals a scan of the state and every cumulative figure,
 * over arbitrary windows, equals a scan of the event history.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Reservation, Task } from "../../src/domain/entities.ts";
import type { StatsScope } from "../../src/engine/stats/figures.ts";
import { WorkspaceEngine } from "../../src/engine/workspace-engine.ts";
import { CumulativeStatistics } from "../../src/stats/cumulative/cumulative-statistics.ts";
import type { Summary } from "../../src/stats/cumulative/summary.ts";
import { Harness } from "../unit/engine/harness.ts";
import {
  bruteCumulative,
  bruteQueueWorkers,
  bruteTasks,
  bruteWorkersByActivity,
  type NaiveCumulative,
} from "./brute-force.ts";

type Op =
  | { op: "task"; priority: number; skill: string; channel: string }
  | { op: "accept" | "reject" | "cancel" | "wrap" | "complete" | "delete"; pick: number }
  | { op: "advance"; seconds: number }
  | { op: "activity"; worker: number; activity: string }
  | { op: "attributes"; worker: number; skill: string };

const SKILLS = ["a", "b", "c"];
const CHANNELS = ["default", "voice", "chat"];
const ACTIVITIES = ["Available", "Offline", "Unavailable"];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("task" as const),
      priority: fc.integer({ min: 0, max: 3 }),
      skill: fc.constantFrom(...SKILLS),
      channel: fc.constantFrom(...CHANNELS),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constantFrom("accept", "reject", "cancel", "wrap", "complete", "delete"),
      pick: fc.nat(20),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("advance" as const), seconds: fc.integer({ min: 1, max: 150 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("activity" as const),
      worker: fc.nat(4),
      activity: fc.constantFrom(...ACTIVITIES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("attributes" as const),
      worker: fc.nat(4),
      skill: fc.constantFrom(...SKILLS),
    }),
  },
);

function setup(multiTask: boolean) {
  const h = new Harness({ multiTaskEnabled: multiTask });
  const qa = h.queue("A", 'skill == "a"');
  const qb = h.queue("B", 'skill IN ["a","b"]');
  const qall = h.queue("All", "1==1");
  const wf = h.workflow(
    {
      task_routing: {
        filters: [
          {
            filter_friendly_name: "a",
            expression: 'skill == "a"',
            targets: [
              { queue: qa, timeout: 40 },
              { queue: qb, timeout: 40 },
            ],
          },
          { filter_friendly_name: "b", expression: 'skill == "b"', targets: [{ queue: qb, timeout: 60 }] },
        ],
        default_filter: { queue: qall },
      },
    },
    { taskReservationTimeout: 50 },
  );
  const workers = ["w0", "w1", "w2", "w3", "w4"].map((name, i) =>
    h.worker(name, { skill: SKILLS[i % 3] }, i % 2 === 0 ? "Available" : "Offline"),
  );
  return { h, queues: [qa, qb, qall], wf, workers };
}

function pick<T>(list: T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

function apply(h: Harness, workers: string[], wf: string, op: Op): void {
  const tasks = [...h.view.tasks()];
  const pendingRes = tasks.flatMap((t) => h.pending(t.sid));
  const by = (status: string) => tasks.filter((t: Task) => t.assignmentStatus === status);
  try {
    switch (op.op) {
      case "task":
        h.exec({
          type: "task.create",
          workflowSid: wf,
          priority: op.priority,
          taskChannel: op.channel,
          attributes: JSON.stringify({ skill: op.skill }),
        });
        return;
      case "accept":
      case "reject": {
        const res = pick(pendingRes, op.pick) as Reservation | undefined;
        if (res)
          h.exec({
            type: "reservation.update",
            sid: res.sid,
            reservationStatus: op.op === "accept" ? "accepted" : "rejected",
          });
        return;
      }
      case "cancel": {
        const t = pick([...by("pending"), ...by("reserved")], op.pick);
        if (t) h.exec({ type: "task.update", sid: t.sid, assignmentStatus: "canceled", reason: "gone" });
        return;
      }
      case "wrap": {
        const t = pick(by("assigned"), op.pick);
        if (t) h.exec({ type: "task.update", sid: t.sid, assignmentStatus: "wrapping" });
        return;
      }
      case "complete": {
        const t = pick([...by("assigned"), ...by("wrapping")], op.pick);
        if (t) h.exec({ type: "task.update", sid: t.sid, assignmentStatus: "completed", reason: "done" });
        return;
      }
      case "delete": {
        const t = pick(tasks, op.pick);
        if (t) h.exec({ type: "task.delete", sid: t.sid });
        return;
      }
      case "advance":
        h.advance(op.seconds);
        return;
      case "activity":
        h.setActivity(workers[op.worker] as string, op.activity);
        return;
      case "attributes":
        h.exec({
          type: "worker.update",
          sid: workers[op.worker] as string,
          attributes: JSON.stringify({ skill: op.skill }),
        });
        return;
    }
  } catch (error) {
    // Refused commands (e.g. a worker holding reservations) change nothing; that is fine here.
    if (!(error instanceof Error && "code" in error)) throw error;
  }
}

function plain(s: Summary): NaiveCumulative {
  const counters: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.counters)) if (v !== 0) counters[k] = v;
  return {
    counters,
    measures: { ...s.measures },
    activities: new Map(s.activities),
    acceptedWaits: [...s.acceptedWaits].sort((a, b) => a - b),
    canceledWaits: [...s.canceledWaits].sort((a, b) => a - b),
  };
}

function check(
  h: Harness,
  queues: string[],
  wf: string,
  workers: string[],
  windows: Array<[number, number]>,
): void {
  const view = h.view;
  const stats = view.statistics?.();
  if (!stats) throw new Error("the engine keeps no statistics");
  const channels = [undefined, ...CHANNELS.map((c) => view.taskChannel(c)?.sid)];
  const scopes: StatsScope[] = [
    { kind: "workspace" },
    ...queues.map((sid) => ({ kind: "queue" as const, sid })),
    { kind: "workflow", sid: wf },
  ];
  for (const scope of scopes)
    for (const ch of channels)
      expect(stats.tasks(scope, ch), `${JSON.stringify(scope)} ${ch}`).toEqual(bruteTasks(view, scope, ch));
  const restored = WorkspaceEngine.restore(h.deps, h.engine.snapshot(), h.clock.now()).view.statistics?.();
  for (const scope of scopes) expect(restored?.tasks(scope), "after restore").toEqual(stats.tasks(scope));
  expect(restored?.workersByActivity()).toEqual(stats.workersByActivity());
  expect(new Map([...stats.workersByActivity()].filter(([, n]) => n > 0))).toEqual(
    bruteWorkersByActivity(view),
  );
  expect(stats.totalWorkers()).toBe([...view.workers()].length);
  for (const q of queues)
    for (const ch of channels) {
      const got = stats.queueWorkers(q, ch);
      const want = bruteQueueWorkers(view, q, ch);
      expect({ ...got, byActivity: new Map([...got.byActivity].filter(([, n]) => n > 0)) }).toEqual(want);
    }

  const cumulative = new CumulativeStatistics();
  cumulative.ingest(view.workspace.sid, h.log);
  const cumScopes = ["ws", ...queues.map((q) => `q:${q}`), `wf:${wf}`, ...workers.map((w) => `wk:${w}`)];
  for (const [start, end] of windows)
    for (const scope of cumScopes)
      for (const ch of channels) {
        const got = cumulative.summarize(view.workspace.sid, {
          scope,
          channelSid: ch,
          start,
          end,
          withWaits: true,
        });
        expect(plain(got), `${scope} ${ch} [${start}, ${end}]`).toEqual(
          bruteCumulative(h.log, scope, start, end, ch),
        );
      }
}

describe("statistics equal a brute-force recomputation", () => {
  for (const multiTask of [true, false]) {
    it(`after random operations (multiTask=${multiTask})`, () => {
      fc.assert(
        fc.property(
          fc.array(opArb, { minLength: 1, maxLength: 60 }),
          fc.array(fc.tuple(fc.nat(20 * 3_600_000), fc.nat(40 * 3_600_000)), { minLength: 1, maxLength: 3 }),
          (ops, windowSeeds) => {
            const { h, queues, wf, workers } = setup(multiTask);
            const t0 = h.clock.now();
            for (const op of ops) apply(h, workers, wf, op);
            const t1 = h.clock.now();
            const windows: Array<[number, number]> = [
              [t0 - 60_000, t1],
              [t0 + 30_500, t1 - 1_234],
              [t0 - 2 * 86_400_000, t1 + 86_400_000],
              ...windowSeeds.map(([a, len]): [number, number] => [t0 + a, t0 + a + len]),
              // Windows cut right at (or 1 ms around) events, where bucket boundaries matter.
              ...windowSeeds.map(([a, len]): [number, number] => {
                const at = (n: number) => h.log[n % h.log.length]?.timestamp ?? t0;
                const [x, y] = [at(a), at(len)].sort((p, q) => p - q) as [number, number];
                return [x + (a % 3) - 1, y + (len % 3) - 1];
              }),
            ];
            check(h, queues, wf, workers, windows);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});

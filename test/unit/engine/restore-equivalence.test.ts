/**
 * A restore files every task, timer and statistics entry of a workspace at once (the heaps and
 * waiting lists place them in one heapify or sort, see structures/binary-heap.ts and
 * state/sorted-set.ts). On a generated workspace, the restored engine must answer the same
 * statistics and then behave exactly like the engine that filed the same tasks one command at a time:
 * same timers firing in the same order, same tasks handed to workers in the same order.
 */
import { describe, expect, it } from "vitest";
import type { Reservation } from "../../../src/domain/entities.ts";
import type { StatsScope } from "../../../src/engine/stats/figures.ts";
import { WorkspaceEngine } from "../../../src/engine/workspace-engine.ts";
import { Harness } from "./harness.ts";

const TASKS = 600;

function build() {
  const h = new Harness();
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const qa = h.queue("QA", "team == 'a'");
  const qb = h.queue("QB", "team == 'b'", { taskOrder: "LIFO" });
  const qc = h.queue("QC", "1==1");
  const wf1 = h.workflow({
    task_routing: {
      filters: [
        { expression: "team == 'a'", targets: [{ queue: qa, timeout: 90 }, { queue: qc }] },
        { expression: "team == 'b'", targets: [{ queue: qb }] },
      ],
      default_filter: { queue: qc },
    },
  });
  const wf2 = h.workflow({ task_routing: { default_filter: { queue: qc } } });
  const workers = [
    h.worker("wa", { team: "a" }, "Offline"),
    h.worker("wb", { team: "b" }, "Offline"),
    h.worker("wc", { team: "c" }, "Offline"),
  ];
  const teams = ["a", "b", "c"];
  const channels = ["default", "voice", "chat"];
  for (let i = 0; i < TASKS; i++) {
    h.clock.advance(1000 + rand(5) * 1000);
    h.task(
      { team: teams[rand(3)] },
      {
        workflowSid: rand(4) === 0 ? wf2 : wf1,
        priority: rand(4),
        timeout: 600 + rand(3000),
        taskChannel: channels[rand(3)],
      },
    );
  }
  return { h, queues: [qa, qb, qc], workflows: [wf1, wf2], workers, channels };
}

type Built = ReturnType<typeof build>;

function figures(x: Built) {
  const stats = x.h.view.statistics?.();
  if (!stats) throw new Error("no statistics");
  const scopes: StatsScope[] = [
    { kind: "workspace" },
    ...x.queues.map((sid): StatsScope => ({ kind: "queue", sid })),
    ...x.workflows.map((sid): StatsScope => ({ kind: "workflow", sid })),
  ];
  return {
    tasks: scopes.flatMap((scope) => [
      stats.tasks(scope),
      ...x.channels.map((c) => stats.tasks(scope, x.h.view.taskChannel?.(c)?.sid ?? c)),
    ]),
    queueWorkers: x.queues.map((q) => stats.queueWorkers(q)),
    workers: [...stats.workersByActivity()].sort(),
  };
}

/** Timers first (step deadlines move tasks, TTLs cancel them), then workers take tasks in turn. */
function script(x: Built) {
  const seen: unknown[] = [];
  for (let i = 0; i < 12; i++) seen.push(x.h.advance(45).events);
  for (const w of x.workers) seen.push(x.h.setActivity(w, "Available").events);
  for (let round = 0; round < 60; round++) {
    const pending = x.workers.flatMap((w) =>
      [...x.h.view.reservationsOfWorker(w)].filter((r: Reservation) => r.reservationStatus === "pending"),
    );
    if (pending.length === 0) break;
    for (const r of pending) {
      seen.push(x.h.accept(r).events);
      seen.push(
        x.h.exec({ type: "task.update", sid: r.taskSid, assignmentStatus: "completed", reason: "done" })
          .events,
      );
    }
    seen.push(x.h.advance(1).events);
  }
  return seen;
}

describe("restore files everything at once, as incremental filing would", () => {
  it("gives the same statistics, timers and dispatch order as the engine it was saved from", () => {
    const original = build();
    const copy = build();
    copy.h.engine = WorkspaceEngine.restore(copy.h.deps, copy.h.engine.snapshot(), copy.h.clock.now());
    expect(copy.h.engine.nextWakeAt()).toBe(original.h.engine.nextWakeAt());
    const before = figures(original);
    expect(before.tasks[0]?.total).toBe(TASKS);
    expect(figures(copy)).toEqual(before);
    const r1 = script(original);
    const r2 = script(copy);
    expect(r1.flat().length).toBeGreaterThan(TASKS);
    expect(r2).toEqual(r1);
    expect(figures(copy)).toEqual(figures(original));
  });
});

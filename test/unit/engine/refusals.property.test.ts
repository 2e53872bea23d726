/**
 * "A refused command changes nothing", tried at random: from a workspace holding tasks in every
 * state, random commands built mostly from wrong values (unknown or mismatched SIDs, moves the
 * machines forbid, out-of-range numbers, broken JSON and expressions, stale If-Match). Every refusal
 * must be a TaskRouterError (never an EngineFault: the engine checks that a refusal comes before any
 * change) and leave the snapshot, the statistics, the queue membership and the next timer exactly as
 * they were. Commands that happen to be valid are applied and ignored.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RESERVATION_STATUSES, TASK_STATUSES } from "../../../src/domain/entities.ts";
import { TaskRouterError } from "../../../src/domain/errors.ts";
import type { Command } from "../../../src/engine/commands.ts";
import { Harness } from "./harness.ts";

/** A workspace with a pending, a reserved, an assigned, a wrapping and a completed task. */
function fixture() {
  const h = new Harness();
  const q = h.queue("Support", "skill == 'a'", { maxReservedWorkers: 1 });
  const wf = h.workflow({
    task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q, timeout: 60 }] }] },
  });
  const alice = h.worker("alice", { skill: "a" });
  const bob = h.worker("bob", { skill: "a" });
  h.worker("carol", { skill: "b" });
  const assigned = h.task({ n: 1 });
  h.accept(h.pending(assigned)[0] ?? "");
  const wrapping = h.task({ n: 2 });
  h.accept(h.pending(wrapping)[0] ?? "");
  h.exec({ type: "task.update", sid: wrapping, assignmentStatus: "wrapping", reason: "done" });
  h.exec({ type: "workerChannel.update", workerSid: alice, sid: "default", capacity: 3 });
  const reserved = h.task({ n: 3 });
  const pending = h.task({ n: 4 }, { priority: 5 });
  const completed = h.task({ n: 5 }, { routingTarget: bob });
  const res = h.view.reservationsOfTask(completed)[0];
  if (res) {
    h.accept(res);
    h.exec({ type: "task.update", sid: completed, assignmentStatus: "completed", reason: "ok" });
  }
  const tasks = [assigned, wrapping, reserved, pending, completed];
  const reservations = tasks.flatMap((t) => h.view.reservationsOfTask(t).map((r) => r.sid));
  const workers = [...h.view.workers()].map((w) => w.sid);
  const activities = [...h.view.activities()].map((a) => a.sid);
  const channels = [...h.view.taskChannels()].map((c) => c.sid);
  return { h, q, wf, tasks, reservations, workers, activities, channels };
}

/** Everything a refusal must leave alone, derived through the public view. */
function observe(h: Harness) {
  const v = h.view;
  return {
    snapshot: h.engine.snapshot(),
    nextWakeAt: h.engine.nextWakeAt(),
    membership: [...v.taskQueues()].map((q) => [q.sid, [...v.queueMembers(q.sid)].map((w) => w.sid)]),
    channels: [...v.workers()].flatMap((w) => v.workerChannels(w.sid).map((wc) => v.workerChannelState(wc))),
    stats: [...v.taskQueues()].map((q) => v.statistics?.().tasks({ kind: "queue", sid: q.sid })),
    workspaceStats: v.statistics?.().tasks({ kind: "workspace" }),
    workersByActivity: [...(v.statistics?.().workersByActivity() ?? [])],
  };
}

const SIDS_OF = (f: ReturnType<typeof fixture>) => ({
  task: fc.constantFrom(...f.tasks, "WT00000000000000000000000000000000"),
  reservation: fc.constantFrom(...f.reservations, "WR00000000000000000000000000000000"),
  worker: fc.constantFrom(...f.workers, "WK00000000000000000000000000000000"),
  activity: fc.constantFrom(...f.activities, "WA00000000000000000000000000000000", ""),
  queue: fc.constantFrom(f.q, "WQ00000000000000000000000000000000"),
  workflow: fc.constantFrom(f.wf, "WW00000000000000000000000000000000"),
  channel: fc.constantFrom(...f.channels, "voice", "nope", ""),
});

const json = fc.constantFrom('{"a":1}', "{", "[]", "null", '"x"', "{}");
const expression = fc.constantFrom("1==1", "skill ==", "(", "task.x == 1", "skill IN ['a']", "");
const integer = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(2 ** 31, -1, 1_209_601, 0));
const ifMatch = fc.option(fc.constantFrom('"0"', '"99"', "*", "nonsense"), { nil: undefined });
const text = fc.constantFrom("", " ", "x", "alice", "Bob", "a".repeat(300));

/** Commands over the fixture's SIDs, mostly wrong. */
function commands(f: ReturnType<typeof fixture>): fc.Arbitrary<Command> {
  const sid = SIDS_OF(f);
  return fc.oneof(
    fc.record({
      type: fc.constant("task.update" as const),
      sid: sid.task,
      assignmentStatus: fc.option(fc.constantFrom(...TASK_STATUSES), { nil: undefined }),
      reason: fc.option(text, { nil: undefined }),
      attributes: fc.option(json, { nil: undefined }),
      priority: fc.option(integer, { nil: undefined }),
      taskChannel: fc.option(sid.channel, { nil: undefined }),
      virtualStartTime: fc.option(fc.constantFrom(Number.NaN, 0, 10 ** 15, Date.UTC(1899, 0, 1)), {
        nil: undefined,
      }),
      ifMatch,
    }),
    fc.record({
      type: fc.constant("reservation.update" as const),
      sid: sid.reservation,
      taskSid: fc.option(sid.task, { nil: undefined }),
      workerSid: fc.option(sid.worker, { nil: undefined }),
      reservationStatus: fc.option(fc.constantFrom(...RESERVATION_STATUSES), { nil: undefined }),
      instruction: fc.option(fc.constantFrom("accept", "reject", "dequeue", "bogus", "", "supervise"), {
        nil: undefined,
      }),
      workerActivitySid: fc.option(sid.activity, { nil: undefined }),
      ifMatch,
    }),
    fc.record({
      type: fc.constant("task.create" as const),
      attributes: fc.option(json, { nil: undefined }),
      priority: fc.option(integer, { nil: undefined }),
      timeout: fc.option(integer, { nil: undefined }),
      taskChannel: fc.option(sid.channel, { nil: undefined }),
      workflowSid: fc.option(sid.workflow, { nil: undefined }),
      routingTarget: fc.option(fc.oneof(sid.worker, sid.queue, sid.workflow), { nil: undefined }),
      virtualStartTime: fc.option(fc.constantFrom(Number.NaN, 10 ** 15, Date.UTC(1899, 0, 1)), {
        nil: undefined,
      }),
    }),
    fc.record({
      type: fc.constant("worker.update" as const),
      sid: sid.worker,
      friendlyName: fc.option(text, { nil: undefined }),
      activitySid: fc.option(sid.activity, { nil: undefined }),
      attributes: fc.option(json, { nil: undefined }),
      rejectPendingReservations: fc.option(fc.boolean(), { nil: undefined }),
      ifMatch,
    }),
    fc.record({ type: fc.constant("worker.delete" as const), sid: sid.worker, ifMatch }),
    fc.record({
      type: fc.constant("workerChannel.update" as const),
      workerSid: sid.worker,
      sid: sid.channel,
      capacity: fc.option(integer, { nil: undefined }),
    }),
    fc.record({
      type: fc.constant("taskQueue.update" as const),
      sid: sid.queue,
      targetWorkers: fc.option(expression, { nil: undefined }),
      maxReservedWorkers: fc.option(integer, { nil: undefined }),
      taskOrder: fc.option(fc.constantFrom("FIFO" as const, "LIFO" as const), { nil: undefined }),
      reservationActivitySid: fc.option(sid.activity, { nil: undefined }),
    }),
    fc.record({ type: fc.constant("taskQueue.delete" as const), sid: sid.queue }),
    fc.record({
      type: fc.constant("workflow.update" as const),
      sid: sid.workflow,
      configuration: fc.option(json, { nil: undefined }),
      taskReservationTimeout: fc.option(integer, { nil: undefined }),
    }),
    fc.record({ type: fc.constant("workflow.delete" as const), sid: sid.workflow }),
    fc.record({ type: fc.constant("activity.delete" as const), sid: sid.activity }),
    fc.record({ type: fc.constant("taskChannel.delete" as const), sid: sid.channel }),
    fc.record({ type: fc.constant("task.delete" as const), sid: sid.task, ifMatch }),
  );
}

describe("refused commands", () => {
  it("change nothing: snapshot, statistics, membership and timers stay as they were", () => {
    const sample = fixture();
    let refused = 0;
    fc.assert(
      fc.property(commands(sample), (command) => {
        const { h } = fixture();
        const before = observe(h);
        let error: unknown = null;
        try {
          h.exec(command);
        } catch (e) {
          error = e;
        }
        if (error === null) return; // a valid command: applied, nothing to compare
        expect(error).toBeInstanceOf(TaskRouterError);
        refused++;
        expect(observe(h)).toEqual(before);
      }),
      { numRuns: 400, seed: 12 },
    );
    // Most generated commands are refusals; the property is about them.
    expect(refused).toBeGreaterThan(200);
  });
});

/**
 * "A refused command changes nothing", tried at random for every command type: from a workspace
 * holding tasks in every state (and an initiated transfer), random commands built mostly from wrong
 * values (unknown or mismatched SIDs, moves the machines forbid, out-of-range numbers, broken JSON
 * and expressions, stale If-Match). Every refusal must be a TaskRouterError (never an EngineFault:
 * the engine checks that a refusal comes before any change) and leave the snapshot, the statistics,
 * the queue membership and the next timer exactly as they were. Commands that happen to be valid are
 * applied and ignored. GENERATORS is keyed by every CommandType, so a new command does not compile
 * until it has a generator here; the few commands the engine never refuses are listed and checked
 * to stay so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RESERVATION_STATUSES, TASK_STATUSES } from "../../../src/domain/entities.ts";
import { TaskRouterError } from "../../../src/domain/errors.ts";
import type { Command, CommandOf, CommandType } from "../../../src/engine/commands.ts";
import { tasksInEveryState } from "./every-state.ts";
import { Harness } from "./harness.ts";

/**
 * A workspace with a pending, a reserved, an assigned, a wrapping and a completed task; the assigned
 * task's worker has started a COLD transfer of it to the queue (initiated).
 */
function fixture() {
  const h = new Harness();
  const q = h.queue("Support", "skill == 'a'", { maxReservedWorkers: 1 });
  const wf = h.workflow({
    task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q, timeout: 60 }] }] },
  });
  const { assigned, wrapping, reserved, pending, completed } = tasksInEveryState(h, q);
  const tasks = [assigned, wrapping, reserved, pending, completed];
  const transfers = tasks.flatMap((t) => (h.view.task(t)?.transfers ?? []).map((x) => x.sid));
  const reservations = tasks.flatMap((t) => h.view.reservationsOfTask(t).map((r) => r.sid));
  const workers = [...h.view.workers()].map((w) => w.sid);
  const activities = [...h.view.activities()].map((a) => a.sid);
  const channels = [...h.view.taskChannels()].map((c) => c.sid);
  return { h, q, wf, tasks, reservations, workers, activities, channels, transfers };
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
  transfer: fc.constantFrom(...f.transfers, "TT00000000000000000000000000000000"),
  /** A config routing to the fixture's queue, to an unknown one, with a broken expression. */
  configuration: fc.constantFrom(
    ...[f.q, "WQ00000000000000000000000000000000"].map((queue) =>
      JSON.stringify({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue }] }] } }),
    ),
    JSON.stringify({ task_routing: { filters: [{ expression: "(", targets: [{ queue: f.q }] }] } }),
    "{",
    "{}",
  ),
});
type Sids = ReturnType<typeof SIDS_OF>;

const json = fc.constantFrom('{"a":1}', "{", "[]", "null", '"x"', "{}");
const expression = fc.constantFrom("1==1", "skill ==", "(", "task.x == 1", "skill IN ['a']", "");
const integer = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(2 ** 31, -1, 1_209_601, 0));
const ifMatch = fc.option(fc.constantFrom('"0"', '"99"', "*", "nonsense"), { nil: undefined });
const text = fc.constantFrom("", " ", "x", "alice", "Bob", "Available", "default", "a".repeat(300));
const url = fc.option(fc.constantFrom("", "nope", "http://example.com/cb", null), { nil: undefined });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A generator per command type, over the fixture's SIDs, mostly wrong. */
const GENERATORS: { [T in CommandType]: (sid: Sids) => fc.Arbitrary<CommandOf<T>> } = {
  "workspace.update": (sid) =>
    fc.record({
      type: fc.constant("workspace.update" as const),
      friendlyName: opt(text),
      eventCallbackUrl: url,
      multiTaskEnabled: opt(fc.boolean()),
      defaultActivitySid: opt(sid.activity),
      timeoutActivitySid: opt(sid.activity),
      prioritizeQueueOrder: opt(fc.constantFrom("FIFO" as const, "LIFO" as const)),
      disconnectActivitySid: opt(fc.option(sid.activity, { nil: null })),
      disconnectGraceSeconds: opt(fc.option(integer, { nil: null })),
      maxAssignedSeconds: opt(fc.option(integer, { nil: null })),
      maxAssignedAction: opt(fc.constantFrom("flag" as const, "complete" as const, "cancel" as const)),
      channelRules: opt(fc.constantFrom('[{"while":"default","block":["nope"]}]', "{", "[]", "")),
    }),
  "activity.create": () =>
    fc.record({
      type: fc.constant("activity.create" as const),
      friendlyName: text,
      available: opt(fc.boolean()),
    }),
  "activity.update": (sid) =>
    fc.record({ type: fc.constant("activity.update" as const), sid: sid.activity, friendlyName: opt(text) }),
  "activity.delete": (sid) => fc.record({ type: fc.constant("activity.delete" as const), sid: sid.activity }),
  "taskChannel.create": () =>
    fc.record({
      type: fc.constant("taskChannel.create" as const),
      friendlyName: text,
      uniqueName: text,
      channelOptimizedRouting: opt(fc.boolean()),
      wrapUpLimitSeconds: opt(fc.option(integer, { nil: null })),
    }),
  "taskChannel.update": (sid) =>
    fc.record({
      type: fc.constant("taskChannel.update" as const),
      sid: sid.channel,
      friendlyName: opt(text),
      wrapUpLimitSeconds: opt(fc.option(integer, { nil: null })),
    }),
  "taskChannel.delete": (sid) =>
    fc.record({ type: fc.constant("taskChannel.delete" as const), sid: sid.channel }),
  "worker.create": (sid) =>
    fc.record({
      type: fc.constant("worker.create" as const),
      friendlyName: text,
      activitySid: opt(sid.activity),
      attributes: opt(json),
    }),
  "worker.update": (sid) =>
    fc.record({
      type: fc.constant("worker.update" as const),
      sid: sid.worker,
      friendlyName: opt(text),
      activitySid: opt(sid.activity),
      attributes: opt(json),
      rejectPendingReservations: opt(fc.boolean()),
      ifMatch,
    }),
  "worker.delete": (sid) =>
    fc.record({ type: fc.constant("worker.delete" as const), sid: sid.worker, ifMatch }),
  "workerChannel.update": (sid) =>
    fc.record({
      type: fc.constant("workerChannel.update" as const),
      workerSid: sid.worker,
      sid: sid.channel,
      capacity: opt(integer),
      available: opt(fc.boolean()),
    }),
  "taskQueue.create": (sid) =>
    fc.record({
      type: fc.constant("taskQueue.create" as const),
      friendlyName: text,
      targetWorkers: opt(expression),
      maxReservedWorkers: opt(integer),
      taskOrder: opt(fc.constantFrom("FIFO" as const, "LIFO" as const)),
      reservationActivitySid: opt(sid.activity),
      assignmentActivitySid: opt(sid.activity),
    }),
  "taskQueue.update": (sid) =>
    fc.record({
      type: fc.constant("taskQueue.update" as const),
      sid: sid.queue,
      targetWorkers: opt(expression),
      maxReservedWorkers: opt(integer),
      taskOrder: opt(fc.constantFrom("FIFO" as const, "LIFO" as const)),
      reservationActivitySid: opt(sid.activity),
    }),
  "taskQueue.delete": (sid) => fc.record({ type: fc.constant("taskQueue.delete" as const), sid: sid.queue }),
  "workflow.create": (sid) =>
    fc.record({
      type: fc.constant("workflow.create" as const),
      friendlyName: text,
      configuration: sid.configuration,
      assignmentCallbackUrl: url,
      fallbackAssignmentCallbackUrl: url,
      taskReservationTimeout: opt(integer),
    }),
  "workflow.update": (sid) =>
    fc.record({
      type: fc.constant("workflow.update" as const),
      sid: sid.workflow,
      configuration: opt(fc.oneof(json, sid.configuration)),
      assignmentCallbackUrl: url,
      taskReservationTimeout: opt(integer),
      reEvaluateTasks: opt(fc.boolean()),
    }),
  "workflow.delete": (sid) => fc.record({ type: fc.constant("workflow.delete" as const), sid: sid.workflow }),
  "workflow.reevaluate": (sid) =>
    fc.record({
      type: fc.constant("workflow.reevaluate" as const),
      sid: sid.workflow,
      taskSids: fc.array(sid.task, { maxLength: 3 }),
    }),
  "task.create": (sid) =>
    fc.record({
      type: fc.constant("task.create" as const),
      attributes: opt(json),
      priority: opt(integer),
      timeout: opt(integer),
      taskChannel: opt(sid.channel),
      workflowSid: opt(sid.workflow),
      routingTarget: opt(fc.oneof(sid.worker, sid.queue, sid.workflow)),
      virtualStartTime: opt(fc.constantFrom(Number.NaN, 10 ** 15, Date.UTC(1899, 0, 1))),
    }),
  "task.update": (sid) =>
    fc.record({
      type: fc.constant("task.update" as const),
      sid: sid.task,
      assignmentStatus: opt(fc.constantFrom(...TASK_STATUSES)),
      reason: opt(text),
      attributes: opt(json),
      priority: opt(integer),
      taskChannel: opt(sid.channel),
      virtualStartTime: opt(fc.constantFrom(Number.NaN, 0, 10 ** 15, Date.UTC(1899, 0, 1))),
      ifMatch,
    }),
  "task.delete": (sid) => fc.record({ type: fc.constant("task.delete" as const), sid: sid.task, ifMatch }),
  "reservation.update": (sid) =>
    fc.record({
      type: fc.constant("reservation.update" as const),
      sid: sid.reservation,
      taskSid: opt(sid.task),
      workerSid: opt(sid.worker),
      reservationStatus: opt(fc.constantFrom(...RESERVATION_STATUSES)),
      instruction: opt(fc.constantFrom("accept", "reject", "dequeue", "bogus", "", "supervise")),
      workerActivitySid: opt(sid.activity),
      ifMatch,
    }),
  "task.reservationFailed": (sid) =>
    fc.record({
      type: fc.constant("task.reservationFailed" as const),
      sid: sid.task,
      workerSid: sid.worker,
    }),
  "reservation.callSetUp": (sid) =>
    fc.record({
      type: fc.constant("reservation.callSetUp" as const),
      sid: sid.reservation,
      failure: opt(fc.record({ code: fc.constantFrom(13223, 40137), reason: text })),
    }),
  "reservation.callbackFailed": (sid) =>
    fc.record({
      type: fc.constant("reservation.callbackFailed" as const),
      sid: sid.reservation,
      reason: text,
      cancel: opt(fc.boolean()),
      retryAfterMs: opt(integer),
    }),
  "workspace.eventCallbacksDropped": () =>
    fc.record({
      type: fc.constant("workspace.eventCallbacksDropped" as const),
      count: integer,
      firstSequence: integer,
      lastSequence: integer,
      reason: text,
    }),
  "transfer.create": (sid) =>
    fc.record({
      type: fc.constant("transfer.create" as const),
      taskSid: sid.task,
      reservationSid: sid.reservation,
      workerSid: sid.worker,
      to: fc.oneof(sid.worker, sid.queue, sid.workflow, fc.constant("nobody")),
      mode: opt(fc.constantFrom("WARM", "cold", "bogus", "")),
      attributes: opt(json),
      priority: opt(integer),
    }),
  "transfer.cancel": (sid) =>
    fc.record({
      type: fc.constant("transfer.cancel" as const),
      taskSid: sid.task,
      sid: sid.transfer,
      workerSid: sid.worker,
    }),
  tick: () => fc.constant({ type: "tick" as const }),
};

/**
 * What the engine never refuses: the shell's own reports (a callback that failed, callbacks dropped,
 * a call leg set up or not, a worker-created task left without a reservation)
 * leave a reservation that moved on alone instead, and tick fires what is due.
 */
const NEVER_REFUSED: ReadonlySet<CommandType> = new Set([
  "task.reservationFailed",
  "reservation.callSetUp",
  "reservation.callbackFailed",
  "workspace.eventCallbacksDropped",
  "tick",
]);

function arbitraryOf(type: CommandType, sids: Sids): fc.Arbitrary<Command> {
  return GENERATORS[type](sids);
}

describe("refused commands change nothing: snapshot, statistics, membership and timers", () => {
  const sample = fixture();
  it("start from a fixture with an initiated transfer", () => {
    const transfers = sample.h.view.task(sample.tasks[0] ?? "")?.transfers ?? [];
    expect(transfers.map((t) => [t.sid, t.status])).toEqual([[sample.transfers[0], "initiated"]]);
  });
  for (const type of Object.keys(GENERATORS) as CommandType[]) {
    it(type, () => {
      let refused = 0;
      fc.assert(
        fc.property(arbitraryOf(type, SIDS_OF(sample)), (command) => {
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
        { numRuns: 60, seed: 12 },
      );
      // The property is about refusals: each generator must produce some (or none, if never refused).
      if (NEVER_REFUSED.has(type)) expect(refused).toBe(0);
      else expect(refused).toBeGreaterThan(0);
    });
  }
});

/**
 * Each state machine's whole table, walked: every from x to pair the diagram allows succeeds through
 * the machine's only setter, every other pair throws an IllegalTransition (an engine fault, not a
 * client error). The expected tables are written here from the diagrams, independently of the
 * tables in src/engine/machines, so a change to either shows up.
 */
import { describe, expect, it } from "vitest";
import {
  RESERVATION_STATUSES,
  type ReservationStatus,
  type RoutingPosition,
  TASK_STATUSES,
  type TaskStatus,
  TRANSFER_STATUSES,
  type TransferStatus,
} from "../../../../src/domain/entities.ts";
import { IllegalTransition } from "../../../../src/domain/errors.ts";
import { Ctx } from "../../../../src/engine/context.ts";
import { canMoveReservation, moveReservation } from "../../../../src/engine/machines/reservation.ts";
import { canMoveTask, canRequestTaskStatus, moveTask } from "../../../../src/engine/machines/task.ts";
import { canMoveTransfer } from "../../../../src/engine/machines/transfer.ts";
import {
  type ActivityMoveReason,
  canMoveWorkerActivity,
  moveWorkerActivity,
  WORKER_ACTIVITY_MOVES,
} from "../../../../src/engine/machines/worker-activity.ts";
import { canMoveStep, moveStep, type StepMove } from "../../../../src/engine/machines/workflow-step.ts";
import { WorkspaceState } from "../../../../src/engine/state/workspace-state.ts";
import { Harness } from "../harness.ts";

const TASK_EXPECTED: Record<TaskStatus, TaskStatus[]> = {
  // pending -> assigned, assigned -> pending: transfers (docs/transfers.md).
  pending: ["reserved", "canceled", "assigned"],
  reserved: ["pending", "assigned", "canceled"],
  // -> pending: transfers (docs/transfers.md); -> canceled: only Tasklane's max assigned time with
  // action cancel (never a client request).
  assigned: ["wrapping", "completed", "pending", "canceled"],
  wrapping: ["completed", "canceled"],
  canceled: [],
  completed: [],
};

const RESERVATION_EXPECTED: Record<ReservationStatus, ReservationStatus[]> = {
  pending: ["accepted", "rejected", "timeout", "canceled", "rescinded"],
  // -> canceled: a task canceled while being transferred (docs/transfers.md), or the max assigned time.
  accepted: ["wrapping", "completed", "canceled"],
  wrapping: ["completed", "canceled"],
  rejected: [],
  timeout: [],
  canceled: [],
  rescinded: [],
  completed: [],
};

/** A workspace with one queue, one workflow, one worker and a task reserved for it. */
function reservedWorkspace() {
  const h = new Harness();
  const q = h.queue("Support");
  h.workflow({ task_routing: { filters: [], default_filter: { queue: q } } });
  h.worker("alice");
  const taskSid = h.task();
  const s = h.engine.view;
  if (!(s instanceof WorkspaceState)) throw new Error("the engine's view is its WorkspaceState");
  const task = s.task(taskSid);
  const res = s.reservationsOfTask(taskSid)[0];
  if (!task || !res) throw new Error("the task was not reserved");
  const ctx = new Ctx(s, h.clock.now(), h.deps);
  return { h, s, ctx, task, res };
}

function thrown(run: () => void): unknown {
  try {
    run();
    return null;
  } catch (error) {
    return error;
  }
}

describe("task machine", () => {
  for (const from of TASK_STATUSES) {
    for (const to of TASK_STATUSES) {
      const allowed = TASK_EXPECTED[from].includes(to);
      it(`${from} -> ${to}: ${allowed ? "moves" : "throws IllegalTransition"}`, () => {
        expect(canMoveTask(from, to)).toBe(allowed);
        const { ctx, task } = reservedWorkspace();
        task.assignmentStatus = from; // place the fixture in `from`
        const error = thrown(() => moveTask(ctx, task, to));
        if (allowed) {
          expect(error).toBeNull();
          expect(task.assignmentStatus).toBe(to);
        } else {
          expect(error).toBeInstanceOf(IllegalTransition);
          expect(task.assignmentStatus).toBe(from);
        }
      });
    }
  }

  it("lets a client ask only for canceled, wrapping and completed, from where the table allows", () => {
    const requestable: [TaskStatus, TaskStatus][] = [];
    for (const from of TASK_STATUSES)
      for (const to of TASK_STATUSES) if (canRequestTaskStatus(from, to)) requestable.push([from, to]);
    expect(requestable).toEqual([
      ["pending", "canceled"],
      ["reserved", "canceled"],
      ["assigned", "completed"],
      ["assigned", "wrapping"],
      ["wrapping", "completed"],
    ]);
  });
});

describe("reservation machine", () => {
  for (const from of RESERVATION_STATUSES) {
    for (const to of RESERVATION_STATUSES) {
      const allowed = RESERVATION_EXPECTED[from].includes(to);
      it(`${from} -> ${to}: ${allowed ? "moves" : "throws IllegalTransition"}`, () => {
        expect(canMoveReservation(from, to)).toBe(allowed);
        const { ctx, res } = reservedWorkspace();
        res.reservationStatus = from; // place the fixture in `from`
        const error = thrown(() => moveReservation(ctx, res, to));
        if (allowed) {
          expect(error).toBeNull();
          expect(res.reservationStatus).toBe(to);
          expect(res.timeoutAt).toBeNull();
        } else {
          expect(error).toBeInstanceOf(IllegalTransition);
          expect(res.reservationStatus).toBe(from);
        }
      });
    }
  }

  it("keeps the worker's capacity held exactly while the reservation is pending, accepted or wrapping", () => {
    const { s, ctx, res } = reservedWorkspace();
    expect(s.activeCount(res.workerSid)).toBe(1);
    moveReservation(ctx, res, "accepted");
    moveReservation(ctx, res, "wrapping");
    expect(s.activeCount(res.workerSid)).toBe(1);
    moveReservation(ctx, res, "completed");
    expect(s.activeCount(res.workerSid)).toBe(0);
  });
});

describe("worker-activity machine", () => {
  const reasons = Object.keys(WORKER_ACTIVITY_MOVES) as ActivityMoveReason[];
  const singleTaskingOnly: ActivityMoveReason[] = ["reserve", "accept", "callbackFailed"];
  for (const multiTaskEnabled of [true, false]) {
    for (const reason of reasons) {
      for (const exists of [true, false]) {
        const allowed = exists && (!multiTaskEnabled || !singleTaskingOnly.includes(reason));
        const mode = multiTaskEnabled ? "multitasking" : "single-tasking";
        it(`${reason} in a ${mode} workspace into ${exists ? "an existing" : "a missing"} activity: ${allowed ? "moves" : "throws"}`, () => {
          const h = new Harness({ multiTaskEnabled });
          const workerSid = h.worker("alice", {}, "Offline");
          const s = h.engine.view;
          if (!(s instanceof WorkspaceState)) throw new Error("the engine's view is its WorkspaceState");
          const worker = s.worker(workerSid);
          if (!worker) throw new Error("no worker");
          const target = exists ? h.activity("Available") : "WA00000000000000000000000000000000";
          expect(canMoveWorkerActivity(s, reason, target)).toBe(allowed);
          const ctx = new Ctx(s, h.clock.now(), h.deps);
          const error = thrown(() => moveWorkerActivity(ctx, worker, target, reason));
          if (allowed) {
            expect(error).toBeNull();
            expect(worker.activitySid).toBe(target);
            expect(ctx.events.map((e) => e.eventType)).toEqual(["worker.activity.update"]);
          } else {
            expect(error).toBeInstanceOf(IllegalTransition);
            expect(worker.activitySid).toBe(h.activity("Offline"));
          }
        });
      }
    }
  }
});

describe("workflow-step machine", () => {
  const at = (filterIndex: number | null, targetIndex: number, skipChecked = false): RoutingPosition => ({
    filterIndex,
    targetIndex,
    stepDeadline: null,
    skipChecked,
  });
  const positions: (RoutingPosition | null)[] = [null];
  for (const f of [null, -1, 0, 1])
    for (const k of [0, 1]) for (const checked of [false, true]) positions.push(at(f, k, checked));
  const show = (p: RoutingPosition | null) =>
    p === null ? "none" : `(${p.filterIndex},${p.targetIndex}${p.skipChecked ? ",checked" : ""})`;

  /** The table of machines/workflow-step.ts, restated case by case. */
  function expected(move: StepMove, from: RoutingPosition | null, to: RoutingPosition | null): boolean {
    if (move === "direct") return to === null;
    if (to === null) return false;
    if (move === "queue") return to.filterIndex === null && to.targetIndex === 0;
    if (move === "checked")
      return (
        from !== null &&
        !from.skipChecked &&
        to.skipChecked &&
        from.filterIndex === to.filterIndex &&
        from.targetIndex === to.targetIndex
      );
    if (to.skipChecked) return false;
    if (move === "enter") return to.filterIndex !== null && to.targetIndex === 0;
    if (from === null || from.filterIndex === null || to.filterIndex === null) return false;
    const nextTarget = to.filterIndex === from.filterIndex && to.targetIndex === from.targetIndex + 1;
    if (move === "skip") return nextTarget;
    // timeout: never out of default_filter, never into it
    return (
      from.filterIndex >= 0 && (nextTarget || (to.filterIndex > from.filterIndex && to.targetIndex === 0))
    );
  }

  const moves: StepMove[] = ["enter", "skip", "timeout", "queue", "direct", "checked"];
  for (const move of moves) {
    it(`${move}: allowed exactly where the table says, and the setter asserts it`, () => {
      for (const from of positions) {
        for (const to of positions) {
          const allowed = expected(move, from, to);
          expect(canMoveStep(move, from, to), `${move} ${show(from)} -> ${show(to)}`).toBe(allowed);
          const { ctx, task } = reservedWorkspace();
          task.routing = from; // place the fixture at `from`
          const queueSid = move === "direct" || move === "checked" ? null : task.taskQueueSid;
          const error = thrown(() => moveStep(ctx, task, move, to, queueSid));
          if (allowed) expect(error, `${move} ${show(from)} -> ${show(to)}`).toBeNull();
          else expect(error, `${move} ${show(from)} -> ${show(to)}`).toBeInstanceOf(IllegalTransition);
          expect(task.routing).toEqual(allowed ? to : from);
        }
      }
    });
  }
});

const TRANSFER_EXPECTED: Record<TransferStatus, TransferStatus[]> = {
  initiated: ["complete", "failed", "canceled"],
  complete: [],
  failed: [],
  canceled: [],
};

describe("transfer machine", () => {
  for (const from of TRANSFER_STATUSES)
    for (const to of TRANSFER_STATUSES)
      it(`${from} -> ${to}: ${TRANSFER_EXPECTED[from].includes(to) ? "allowed" : "refused"}`, () => {
        expect(canMoveTransfer(from, to)).toBe(TRANSFER_EXPECTED[from].includes(to));
      });
});

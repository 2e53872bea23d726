/**
 * Event payloads are typed per event type (src/domain/event-fields.ts): `npm run typecheck` fails if
 * an event is emitted with fields its type does not carry. The `@ts-expect-error` lines below are
 * the check (tsc reports an unused one), and the runtime assertions pin what the engine emits.
 */
import { describe, expect, it } from "vitest";
import type { EventPayloads, ReservationEventType, TaskEventType } from "../../../src/domain/event-fields.ts";
import { EVENT_TYPES } from "../../../src/domain/event-types.ts";
import { reservationFields, taskFields, workerFields } from "../../../src/engine/events/fields.ts";
import { rebuildState } from "../../../src/engine/restore.ts";
import { Harness } from "./harness.ts";

describe("typed event payloads", () => {
  it("refuses, at compile time, a payload of the wrong group", () => {
    const workflow: EventPayloads["workflow.created"] = { WorkflowSid: "WW1", WorkflowName: "w" };
    // @ts-expect-error a task event without the task's fields
    const task: EventPayloads["task.created"] = { WorkflowSid: "WW1", WorkflowName: "w" };
    // @ts-expect-error emitReservation cannot emit callback-failed without its failure fields
    const reservationOnly: ReservationEventType = "reservation.callback-failed";
    // @ts-expect-error worker.created is not a task event
    const notTask: TaskEventType = "worker.created";
    expect([workflow, task, reservationOnly, notTask]).toHaveLength(4);
  });

  it("every event the engine emits has the fields of its type's groups", () => {
    const h = new Harness();
    const queue = h.queue("Support");
    h.workflow({ task_routing: { filters: [], default_filter: { queue } } });
    h.worker("Alice");
    const task = h.task({ type: "support" });
    h.accept(h.pending(task)[0] ?? task);
    const types = h.log.map((e) => e.eventType);
    expect(types).toContain("reservation.accepted");
    for (const e of h.log) {
      expect(Object.hasOwn(EVENT_TYPES, e.eventType)).toBe(true);
      expect(e.fields.WorkspaceSid).toBe(h.view.workspace.sid);
      if (e.eventType.startsWith("reservation.")) expect(typeof e.fields.ReservationSid).toBe("string");
      if (e.eventType === "task.created" || e.eventType === "task-queue.entered")
        expect(typeof e.fields.TaskAge).toBe("number");
    }
  });

  it("captures each event's fields when it happens, the workspace fields first, shared only while unchanged", () => {
    const h = new Harness();
    const queue = h.queue("Support");
    h.workflow({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue }] }] } });
    h.worker("Alice");
    const from = h.log.length;
    const task = h.task({ type: "support" });
    const decision = h.log.slice(from);
    expect(decision.map((e) => e.eventType)).toEqual([
      "task.created",
      "workflow.entered",
      "workflow.target-matched",
      "task-queue.entered",
      "reservation.created",
    ]);
    for (const e of decision)
      expect(Object.keys(e.fields).slice(0, 3)).toEqual(["AccountSid", "WorkspaceSid", "WorkspaceName"]);
    const [created, entered, matched, inQueue, reserved] = decision;
    expect(created?.fields).toMatchObject({ TaskAssignmentStatus: "pending", TaskQueueSid: null });
    expect(entered?.fields).toEqual(created?.fields);
    expect(matched?.fields).toMatchObject({ TaskQueueSid: queue, TaskQueueEnteredDate: null });
    expect(inQueue?.fields).toMatchObject({ TaskQueueSid: queue, TaskQueueName: "Support" });
    expect(typeof inQueue?.fields.TaskQueueEnteredDate).toBe("number");
    expect(reserved?.fields).toMatchObject({
      TaskAssignmentStatus: "reserved",
      ReservationStatus: "pending",
    });
    // Later changes to the task do not reach the fields of events already emitted.
    h.accept(h.pending(task)[0] ?? task);
    expect(created?.fields.TaskAssignmentStatus).toBe("pending");
    expect(reserved?.fields.TaskAssignmentStatus).toBe("reserved");
    const accepted = h.log.find((e) => e.eventType === "reservation.accepted");
    expect(accepted?.fields).toMatchObject({
      TaskAssignmentStatus: "assigned",
      ReservationStatus: "accepted",
    });
  });
});

describe("reservation fields: the one-literal path every decision takes", () => {
  it("equals the task's fields (with the reservation's queue and workflow), the worker's, then the reservation's", () => {
    const h = new Harness();
    const q = h.queue("Support", "1==1");
    h.workflow({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q }] }] } });
    h.worker("alice");
    const task = h.task({ n: 1 });
    h.advance(3);
    const s = rebuildState(h.engine.snapshot());
    const res = s.reservationsById.get(h.pending(task)[0]?.sid ?? "");
    const t = s.tasksById.get(task);
    const w = res === undefined ? undefined : s.workersById.get(res.workerSid);
    if (res === undefined || t === undefined || w === undefined) throw new Error("fixture: no reservation");
    const now = h.clock.now();
    const assembled = Object.assign(taskFields(s, t, now), workerFields(s, w), {
      ReservationSid: res.sid,
      ReservationStatus: res.reservationStatus,
      TaskQueueSid: res.taskQueueSid,
      TaskQueueName: s.queuesById.get(res.taskQueueSid ?? "")?.friendlyName ?? null,
      WorkflowSid: res.workflowSid,
      WorkflowName: s.workflowsById.get(res.workflowSid ?? "")?.friendlyName ?? null,
    });
    const fields = reservationFields(s, res, now);
    expect(Object.keys(fields)).toEqual(Object.keys(assembled));
    expect(fields).toEqual(assembled);
  });
});

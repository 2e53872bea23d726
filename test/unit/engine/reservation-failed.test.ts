/** `task.reservationFailed` (engine/reservations/reservation-failed.ts): only an unreserved task routed to the worker. */
import { describe, expect, it } from "vitest";
import { RESERVATION_SLA_REASON } from "../../../src/engine/reservations/reservation-failed.ts";
import { Harness } from "./harness.ts";

describe("reservation.failed", () => {
  it("cancels a task routed to the worker that got no reservation, then names task and worker", () => {
    const h = new Harness();
    const alice = h.worker("alice", {}, "Offline");
    const t = h.task({ outbound_to: "+1555" }, { routingTarget: alice, ignoreCapacity: false });
    expect(h.reservations(t)).toEqual([]);
    const out = h.exec({ type: "task.reservationFailed", sid: t, workerSid: alice });
    expect(h.types(out)).toEqual(["task.canceled", "reservation.failed"]);
    expect(out.events[1]).toMatchObject({
      resourceSid: t,
      fields: { TaskAssignmentStatus: "canceled", WorkerSid: alice, WorkerName: "alice" },
    });
    expect(h.taskOf(t)).toMatchObject({ assignmentStatus: "canceled", reason: RESERVATION_SLA_REASON });
  });

  it("leaves alone a task that got its reservation, or another worker's", () => {
    const h = new Harness();
    const alice = h.worker("alice");
    const bob = h.worker("bob", {}, "Offline");
    const reserved = h.task({}, { routingTarget: alice });
    expect(h.exec({ type: "task.reservationFailed", sid: reserved, workerSid: alice }).result).toBeNull();
    const bobs = h.task({}, { routingTarget: bob, ignoreCapacity: false });
    const out = h.exec({ type: "task.reservationFailed", sid: bobs, workerSid: alice });
    expect(out.result).toBeNull();
    expect(out.events).toEqual([]);
    expect(h.taskOf(bobs).assignmentStatus).toBe("pending");
  });
});

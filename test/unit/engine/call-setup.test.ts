/**
 * A reservation accepted with a call instruction waits on hold for its call (TaskRouter's onHold,
 * engine/reservations/call-setup.ts), on a simulated clock.
 */
import { describe, expect, it } from "vitest";
import { TaskRouterError } from "../../../src/domain/errors.ts";
import { CALL_SETUP_LIMIT_SECONDS } from "../../../src/engine/reservations/call-setup.ts";
import { WorkspaceEngine } from "../../../src/engine/workspace-engine.ts";
import { Harness } from "./harness.ts";

const VOICE = { call_sid: "CA00000000000000000000000000000001", from: "+15550001111" };

function world(multiTask = false) {
  const h = new Harness({ multiTaskEnabled: multiTask });
  const q = h.queue("Support");
  const wf = h.workflow({ task_routing: { default_filter: { queue: q } } }, { taskReservationTimeout: 30 });
  const alice = h.worker("alice", { contact_uri: "client:alice" });
  const t = h.task(VOICE, { workflowSid: wf });
  const res = h.pending(t)[0]!;
  return { h, q, wf, alice, t, res };
}

function conference(h: Harness, sid: string) {
  return h.exec({ type: "reservation.update", sid, instruction: "conference", instructionParams: {} });
}

describe("call set-up (onHold)", () => {
  it("keeps the reservation pending, asks the voice side, and pauses the answer timeout", () => {
    const { h, res, t } = world();
    const out = conference(h, res.sid);
    expect(out.result).toMatchObject({ reservationStatus: "pending", onHold: true });
    expect(out.events).toEqual([]);
    expect(out.effects).toEqual([{ type: "callSetUp", reservationSid: res.sid, taskSid: t }]);
    // Far past the workflow's 30 s reservation timeout: no reservation.timeout.
    h.advance(120);
    expect(h.types()).toEqual([]);
    expect(h.view.reservation(res.sid)?.reservationStatus).toBe("pending");
    h.exec({ type: "reservation.callSetUp", sid: res.sid });
    expect(h.types()).toEqual(["reservation.accepted"]);
    expect(h.view.reservation(res.sid)).toMatchObject({ reservationStatus: "accepted", onHold: false });
    expect(h.taskOf(t).assignmentStatus).toBe("assigned");
    expect(h.view.reservation(res.sid)?.timeoutAt).toBeNull();
  });

  it("a failed set-up cancels the reservation with the call's error code and routes the task again", () => {
    const { h, res, t } = world();
    const bob = h.worker("bob");
    conference(h, res.sid);
    h.exec({
      type: "reservation.callSetUp",
      sid: res.sid,
      failure: { code: 13223, reason: "Dial: Invalid phone number format (nowhere)" },
    });
    expect(h.types()).toEqual(["reservation.canceled", "task-queue.entered", "reservation.created"]);
    const canceled = h.last.events[0]!;
    expect(canceled.fields).toMatchObject({
      ReservationStatus: "canceled",
      TasklaneCallSetUpFailure: "Dial: Invalid phone number format (nowhere)",
    });
    expect(h.view.reservation(res.sid)).toMatchObject({
      reservationStatus: "canceled",
      canceledReasonCode: 13223,
    });
    expect(h.pending(t)[0]?.workerSid).toBe(bob);
  });

  it("cancels a reservation whose call is never reported within the set-up limit", () => {
    const { h, res } = world();
    conference(h, res.sid);
    h.advance(CALL_SETUP_LIMIT_SECONDS - 1);
    expect(h.types()).toEqual([]);
    h.advance(1);
    expect(h.types()[0]).toBe("reservation.canceled");
    expect(h.view.reservation(res.sid)).toMatchObject({
      reservationStatus: "canceled",
      canceledReasonCode: null,
    });
    expect(h.last.events[0]?.fields).toMatchObject({
      TasklaneCallSetUpFailure: `the call was not connected within ${CALL_SETUP_LIMIT_SECONDS} seconds`,
    });
  });

  it("a hold survives a restart: still pending, no new offers, canceled at the set-up limit", () => {
    const { h, res, t } = world();
    conference(h, res.sid);
    h.advance(100);
    h.engine = WorkspaceEngine.restore(h.deps, structuredClone(h.engine.snapshot()), h.clock.now());
    expect(h.view.reservation(res.sid)).toMatchObject({ reservationStatus: "pending", onHold: true });
    h.worker("bob");
    expect(h.reservations(t)).toHaveLength(1);
    h.advance(CALL_SETUP_LIMIT_SECONDS - 100);
    expect(h.types()[0]).toBe("reservation.canceled");
  });

  it("refuses accept and reject while on hold, and changes nothing", () => {
    const { h, res } = world();
    conference(h, res.sid);
    const before = structuredClone(h.view.reservation(res.sid));
    for (const status of ["accepted", "rejected"] as const) {
      let caught: unknown;
      try {
        h.exec({ type: "reservation.update", sid: res.sid, reservationStatus: status });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TaskRouterError);
      expect((caught as TaskRouterError).message).toBe(
        `Reservation ${res.sid} is connecting its call (Instruction conference) and cannot be updated to [${status}]`,
      );
    }
    expect(h.view.reservation(res.sid)).toEqual(before);
  });

  it("ignores a report about a reservation that moved on (the caller hung up meanwhile)", () => {
    const { h, res, t } = world();
    conference(h, res.sid);
    h.exec({ type: "task.update", sid: t, assignmentStatus: "canceled", reason: "hangup" });
    expect(h.view.reservation(res.sid)?.reservationStatus).toBe("canceled");
    const out = h.exec({ type: "reservation.callSetUp", sid: res.sid });
    expect(out.result).toBeNull();
    expect(out.events).toEqual([]);
  });

  it("rescinds the task's other pending reservations at once: only the first worker is dialled", () => {
    const h = new Harness({ multiTaskEnabled: true });
    const q = h.queue("Support", "1==1", { maxReservedWorkers: 2 });
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    h.worker("alice", { contact_uri: "client:alice" });
    h.worker("bob", { contact_uri: "client:bob" });
    const t = h.task(VOICE, { workflowSid: wf });
    const [first, second] = h.pending(t);
    expect(second).toBeDefined();
    const out = conference(h, first?.sid ?? "");
    expect(h.types(out)).toEqual(["reservation.rescinded"]);
    expect(h.view.reservation(second?.sid ?? "")?.reservationStatus).toBe("rescinded");
    expect(out.effects).toEqual([{ type: "callSetUp", reservationSid: first?.sid, taskSid: t }]);
    // While on hold the task takes no new reservation, though MaxReservedWorkers has room.
    h.worker("carol");
    expect(h.types()).not.toContain("reservation.created");
    expect(h.reservations(t).filter((r) => r.reservationStatus === "pending")).toHaveLength(1);
  });

  it("a worker going unavailable with RejectPendingReservations keeps a reservation on hold", () => {
    const { h, res, alice } = world(true);
    conference(h, res.sid);
    h.setActivity(alice, "Offline", true);
    expect(h.view.reservation(res.sid)?.reservationStatus).toBe("pending");
  });

  it("accepts at once without a call: redirect, or a task with no call_sid", () => {
    const { h, res } = world();
    h.exec({
      type: "reservation.update",
      sid: res.sid,
      instruction: "redirect",
      instructionParams: { RedirectUrl: "https://x.test/twiml" },
    });
    expect(h.types()).toEqual(["reservation.accepted"]);
    const h2 = new Harness();
    const q2 = h2.queue("Chat");
    const wf2 = h2.workflow({ task_routing: { default_filter: { queue: q2 } } });
    h2.worker("bob");
    const chat = h2.task({ channel: "chat" }, { workflowSid: wf2 });
    conference(h2, h2.pending(chat)[0]!.sid);
    expect(h2.types()).toEqual(["reservation.accepted"]);
  });
});

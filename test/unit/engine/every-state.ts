/**
 * Workers alice and bob (skill a) and carol (skill b), then tasks pending, reserved, assigned,
 * wrapping and completed (the completed one routed to bob directly), routed by the harness's
 * workflow to a queue of skill 'a' with MaxReservedWorkers 1; the assigned task's worker has
 * started a COLD transfer of it to `transferTo` (initiated). The order of creation is fixed: SIDs
 * follow it, and test/unit/wire/serializers.golden.txt pins them.
 */
import type { Harness } from "./harness.ts";

export interface EveryState {
  assigned: string;
  wrapping: string;
  reserved: string;
  pending: string;
  completed: string;
}

export function tasksInEveryState(h: Harness, transferTo: string): EveryState {
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
  const held = h.view.reservationsOfTask(assigned).find((r) => r.reservationStatus === "accepted");
  if (held) {
    h.exec({
      type: "transfer.create",
      taskSid: assigned,
      reservationSid: held.sid,
      workerSid: held.workerSid,
      to: transferTo,
      mode: "COLD",
    });
  }
  return { assigned, wrapping, reserved, pending, completed };
}

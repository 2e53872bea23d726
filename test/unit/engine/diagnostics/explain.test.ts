/** "Why is this task not assigned?": every reason, the position, and the terminal stories. */
import { describe, expect, it, vi } from "vitest";
import type { TaskExplanation } from "../../../../src/engine/diagnostics/index.ts";
import { Harness } from "../harness.ts";

function explain(h: Harness, taskSid: string, examples?: number): TaskExplanation {
  return h.engine.explainTask(taskSid, h.clock.now(), examples === undefined ? {} : { examples });
}

function group(e: TaskExplanation, reason: string) {
  return e.queue?.ineligible.find((g) => g.reason === reason);
}

function names(e: TaskExplanation, reason: string): string[] {
  return group(e, reason)?.examples.map((w) => w.friendlyName) ?? [];
}

/** One queue "Support" (dept == support) behind a two-step workflow on the voice channel. */
function setup() {
  const h = new Harness();
  const support = h.queue("Support", "dept == 'support'");
  const overflow = h.queue("Overflow");
  const wf = h.workflow({
    task_routing: {
      filters: [
        { filter_friendly_name: "Sales", expression: "type == 'sales'", targets: [{ queue: overflow }] },
        {
          filter_friendly_name: "Support",
          expression: "type == 'support'",
          targets: [
            { queue: support, timeout: 60, expression: "worker.level >= task.level", skip_if: "1 == 2" },
            { queue: overflow },
          ],
        },
      ],
      default_filter: { queue: overflow },
    },
  });
  return { h, support, overflow, wf };
}

describe("explainTask", () => {
  it("groups the queue's members by the reason each one cannot take the task", () => {
    const { h, support, wf } = setup();
    h.worker("alice", { dept: "support", level: 3 }, "Offline");
    h.worker("bob", { dept: "support", level: 3 }, "Unavailable");
    h.worker("olga", { dept: "support", level: 3 }, "Offline");
    const carol = h.worker("carol", { dept: "support", level: 3 });
    h.exec({ type: "workerChannel.update", workerSid: carol, sid: "voice", available: false });
    const dan = h.worker("dan", { dept: "support", level: 3 });
    h.exec({ type: "workerChannel.update", workerSid: dan, sid: "voice", capacity: 0 });
    h.worker("erin", { dept: "support", level: 1 });
    h.worker("sam", { dept: "sales", level: 9 });
    h.advance(15);
    const t = h.task({ type: "support", level: 2 }, { workflowSid: wf, taskChannel: "voice" });
    const e = explain(h, t);

    expect(e.status).toBe("pending");
    expect(e.summary).toBe(
      "Waiting in queue Support: 6 members, 2 offline, 1 unavailable, 1 with voice disabled, 1 at capacity on voice, 1 failing the target expression; step times out in 60 s",
    );
    expect(e.queue).toMatchObject({ queueSid: support, members: 6, workersInWorkspace: 7, notInQueue: 1 });
    expect(e.queue?.eligible.count).toBe(0);
    expect(group(e, "activity_unavailable")?.count).toBe(3);
    expect(group(e, "activity_unavailable")?.byActivity).toEqual([
      expect.objectContaining({ activityName: "Offline", count: 2 }),
      expect.objectContaining({ activityName: "Unavailable", count: 1 }),
    ]);
    expect(names(e, "channel_disabled")).toEqual(["carol"]);
    expect(group(e, "no_capacity")?.examples).toEqual([
      expect.objectContaining({ friendlyName: "dan", configuredCapacity: 0, activeReservations: 0 }),
    ]);
    expect(names(e, "target_expression")).toEqual(["erin"]);
    expect(group(e, "target_expression")?.description).toContain("worker.level >= task.level");

    // Position, filters and TTL.
    expect(e.position).toMatchObject({
      filterIndex: 1,
      filterName: "Support",
      isDefaultFilter: false,
      targetIndex: 0,
      queueName: "Support",
      targetTimeout: 60,
      stepSecondsLeft: 60,
      hasSkipIf: true,
      skipIfChecked: true,
    });
    expect(e.position?.stepDeadlineAt).toBe(h.clock.now() + 60_000);
    expect(e.filters.map((f) => [f.name, f.matches, f.current])).toEqual([
      ["Sales", false, false],
      ["Support", true, true],
    ]);
    expect(e.ttlSecondsLeft).toBe(86_400);
    h.advance(10);
    const later = explain(h, t);
    expect(later.ttlSecondsLeft).toBe(86_390);
    expect(later.position?.stepSecondsLeft).toBe(50);
    expect(later.ageSeconds).toBe(10);
  });

  it("counts a worker at capacity with its numbers, and caps the examples per reason", () => {
    const { h, wf } = setup();
    for (const name of ["a", "b", "c"]) h.worker(name, { dept: "support", level: 5 }, "Offline");
    const w = h.worker("busy", { dept: "support", level: 5 });
    h.exec({ type: "workerChannel.update", workerSid: w, sid: "voice", capacity: 2 });
    h.task({ type: "support", level: 1 }, { workflowSid: wf, taskChannel: "voice" });
    h.task({ type: "support", level: 1 }, { workflowSid: wf, taskChannel: "voice" });
    const t = h.task({ type: "support", level: 1 }, { workflowSid: wf, taskChannel: "voice" });
    const e = explain(h, t, 1);
    expect(group(e, "activity_unavailable")).toMatchObject({ count: 3 });
    expect(group(e, "activity_unavailable")?.examples).toHaveLength(1);
    expect(group(e, "no_capacity")?.examples[0]).toMatchObject({
      friendlyName: "busy",
      configuredCapacity: 2,
      activeReservations: 2,
    });
  });

  it("in a single-tasking workspace, any reservation fills the worker", () => {
    const h = new Harness({ multiTaskEnabled: false });
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    h.worker("solo");
    h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const t = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    const e = explain(h, t);
    expect(e.position).toMatchObject({ isDefaultFilter: true, filterIndex: -1, stepDeadlineAt: null });
    expect(e.summary).toBe("Waiting in queue Q: 1 member, 1 busy with another reservation");
    expect(e.queue?.ineligible).toEqual([
      expect.objectContaining({
        reason: "no_capacity",
        description: "already holds a reservation (single-tasking workspace)",
        examples: [expect.objectContaining({ friendlyName: "solo", activeReservations: 1 })],
      }),
    ]);
  });

  it("reports the known worker mismatch, including a known-worker attribute naming nobody", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: q, known_worker_sid: "task.agent" }] }],
      },
    });
    const alice = h.worker("alice", {}, "Offline");
    h.worker("bob");
    const t = h.task({ agent: alice }, { workflowSid: wf });
    const e = explain(h, t);
    expect(names(e, "known_worker_mismatch")).toEqual(["bob"]);
    expect(group(e, "known_worker_mismatch")?.description).toBe("not the known worker the step routes to");
    expect(names(e, "activity_unavailable")).toEqual(["alice"]);
    const nobody = h.task({ agent: "WK0123" }, { workflowSid: wf });
    const e2 = explain(h, nobody);
    expect(group(e2, "known_worker_mismatch")?.description).toContain("task.agent names no worker");
  });

  it("shows pending reservations for the task and MaxReservedWorkers reached", () => {
    const h = new Harness();
    const q = h.queue("Q", "1==1", { maxReservedWorkers: 1 });
    const wf = h.workflow({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q }] }] } });
    h.worker("alice");
    const t = h.task({}, { workflowSid: wf });
    h.worker("bob");
    const e = explain(h, t);
    expect(e.status).toBe("reserved");
    expect(names(e, "pending_reservation_for_task")).toEqual(["alice"]);
    expect(names(e, "max_reserved_workers")).toEqual(["bob"]);
    expect(e.reservations).toMatchObject({ total: 1, byStatus: { pending: 1 }, assignmentCount: 1 });
    expect(e.reservations.maxAssignmentCount).toBe(1000);
    expect(e.reservations.pending[0]?.workerName).toBe("alice");
    expect(e.summary).toMatch(/^Reserved for alice, waiting for an answer; queue Q: 2 members, /);
  });

  it("counts non-members from totals and never walks every worker of the workspace", () => {
    const h = new Harness();
    const q = h.queue("Tiny", "team == 'tiny'");
    const wf = h.workflow({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q }] }] } });
    for (let i = 0; i < 200; i++) h.worker(`w${i}`, { team: "big" });
    h.worker("t1", { team: "tiny" }, "Offline");
    const t = h.task({}, { workflowSid: wf });
    const state = h.engine.view as unknown as { workersById: Map<string, unknown> };
    const values = vi.spyOn(state.workersById, "values");
    const entries = vi.spyOn(state.workersById, "entries");
    const forEach = vi.spyOn(state.workersById, "forEach");
    const e = explain(h, t);
    expect(e.queue).toMatchObject({ members: 1, notInQueue: 200, workersInWorkspace: 201 });
    expect(values).not.toHaveBeenCalled();
    expect(entries).not.toHaveBeenCalled();
    expect(forEach).not.toHaveBeenCalled();
  });

  it("explains a task routed directly to a worker", () => {
    const h = new Harness();
    h.queue("Q");
    h.workflow({ task_routing: { filters: [] } });
    const w = h.worker("alice", {}, "Offline");
    const t = h.task({}, { routingTarget: w, ignoreCapacity: false });
    const e = explain(h, t);
    expect(e.direct).toMatchObject({
      workerName: "alice",
      ignoreCapacity: false,
      reason: "activity_unavailable",
    });
    expect(e.summary).toBe("Routed directly to alice: activity unavailable");
    expect(e.queue).toBeNull();
  });

  it("tells how assigned, completed and canceled tasks got there", () => {
    const { h, wf } = setup();
    h.worker("zoe", { dept: "support", level: 9 });
    const t = h.task({ type: "support", level: 1 }, { workflowSid: wf });
    const res = h.pending(t)[0];
    if (!res) throw new Error("no reservation");
    h.accept(res);
    const assigned = explain(h, t);
    expect(assigned.summary).toBe(`Assigned to zoe (${res.workerSid}), reservation ${res.sid} accepted`);
    expect(assigned.assignedTo).toEqual({
      reservationSid: res.sid,
      workerSid: res.workerSid,
      workerName: "zoe",
    });
    h.exec({ type: "task.update", sid: t, assignmentStatus: "completed", reason: "resolved" });
    expect(explain(h, t).summary).toBe("Completed by zoe: resolved");

    const noMatch = new Harness();
    const q = noMatch.queue("Q");
    const wf2 = noMatch.workflow({
      task_routing: { filters: [{ expression: "a == 1", targets: [{ queue: q }] }] },
    });
    const skipped = noMatch.task({ a: 2 }, { workflowSid: wf2 });
    expect(explain(noMatch, skipped).summary).toBe(
      "Canceled: Workflow Skipped (no filter matched (or skip_if skipped them all) and there is no default_filter)",
    );
    const timedOut = h.task({ type: "support", level: 99 }, { workflowSid: wf });
    expect(explain(h, timedOut).status).toBe("pending");
    h.exec({ type: "task.update", sid: timedOut, assignmentStatus: "canceled", reason: "caller hung up" });
    const canceled = explain(h, timedOut);
    expect(canceled).toMatchObject({ status: "canceled", reason: "caller hung up", queue: null });
    expect(canceled.summary).toBe("Canceled: caller hung up");
  });

  it("throws 404 for an unknown task and changes nothing", () => {
    const { h, wf } = setup();
    h.worker("alice", { dept: "support", level: 1 }, "Offline");
    const t = h.task({ type: "support", level: 1 }, { workflowSid: wf });
    const before = h.engine.snapshot();
    const metrics = { ...h.engine.metrics };
    explain(h, t);
    expect(h.engine.snapshot()).toEqual(before);
    expect(h.engine.metrics).toEqual(metrics);
    expect(() => explain(h, "WT00000000000000000000000000000999")).toThrow(/Task WT0+999 was not found/);
  });
});

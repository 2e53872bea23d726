import { describe, expect, it } from "vitest";
import { Harness } from "./harness.ts";

describe("workflow evaluation", () => {
  it("escalates across three targets with cumulative step timeouts on task age", () => {
    const h = new Harness();
    const q1 = h.queue("Q1", "tier == 1");
    const q2 = h.queue("Q2", "tier == 2");
    const q3 = h.queue("Q3", "tier == 3");
    const wf = h.workflow({
      task_routing: {
        filters: [
          {
            expression: "1==1",
            targets: [{ queue: q1, timeout: 10 }, { queue: q2, timeout: 20, priority: 7 }, { queue: q3 }],
          },
        ],
      },
    });
    const t = h.task({}, { workflowSid: wf });
    expect(h.queueOfTask(t)).toBe(q1);
    expect(h.taskOf(t).routing?.stepDeadline).toBe(10_000);
    h.advance(9);
    expect(h.queueOfTask(t)).toBe(q1);
    const out = h.advance(1);
    expect(h.types(out)).toEqual(["task-queue.timeout", "workflow.target-matched", "task-queue.entered"]);
    expect(h.queueOfTask(t)).toBe(q2);
    expect(h.taskOf(t).priority).toBe(7);
    h.advance(19); // age 29 < 10 + 20
    expect(h.queueOfTask(t)).toBe(q2);
    h.advance(1); // age 30
    expect(h.queueOfTask(t)).toBe(q3);
    expect(h.taskOf(t).routing?.stepDeadline).toBeNull();
    h.advance(3600); // final step: stays
    expect(h.queueOfTask(t)).toBe(q3);
    const w = h.worker("t3", { tier: 3 });
    expect(h.reservedWorker(t)).toBe(w);
  });

  it("uses default_filter only when no filter matches", () => {
    const h = new Harness();
    const sales = h.queue("Sales");
    const fallback = h.queue("Fallback");
    const wf = h.workflow({
      task_routing: {
        filters: [{ expression: "type == 'sales'", targets: [{ queue: sales, timeout: 5 }] }],
        default_filter: { queue: fallback },
      },
    });
    expect(h.queueOfTask(h.task({ type: "other" }, { workflowSid: wf }))).toBe(fallback);
    const t = h.task({ type: "sales" }, { workflowSid: wf });
    expect(h.queueOfTask(t)).toBe(sales);
    // Timing out of the matched filter never leads to the default filter.
    const out = h.advance(5);
    expect(h.types(out)).toEqual(["task-queue.timeout", "workflow.timeout", "task.canceled"]);
    expect(h.taskOf(t).assignmentStatus).toBe("canceled");
  });

  it("goes to the next MATCHING filter after the last target times out", () => {
    const h = new Harness();
    const [a, b, c] = [h.queue("A"), h.queue("B"), h.queue("C")];
    const wf = h.workflow({
      task_routing: {
        filters: [
          { expression: "lang == 'en'", targets: [{ queue: a, timeout: 10 }] },
          { expression: "lang == 'fr'", targets: [{ queue: b, timeout: 10 }] },
          { expression: "vip == true", targets: [{ queue: c, timeout: 10 }] },
        ],
      },
    });
    const t = h.task({ lang: "en", vip: true }, { workflowSid: wf });
    expect(h.queueOfTask(t)).toBe(a);
    h.advance(10);
    expect(h.queueOfTask(t)).toBe(c); // skipped the non-matching "fr" filter
    expect(h.taskOf(t).routing?.filterIndex).toBe(2);
    // Its first target's deadline counts from entering the filter.
    expect(h.taskOf(t).routing?.stepDeadline).toBe(20_000);
    const out = h.advance(10);
    expect(h.types(out)).toContain("workflow.timeout");
    expect(h.taskOf(t)).toMatchObject({ assignmentStatus: "canceled", reason: "Workflow Timeout" });
  });

  it("evaluates skip_if only when no reservation was made on entering the step", () => {
    const h = new Harness();
    const first = h.queue("First", "team == 'first'");
    const second = h.queue("Second", "team == 'second'");
    const wf = h.workflow({
      task_routing: {
        filters: [
          {
            expression: "1==1",
            targets: [{ queue: first, timeout: 100, skip_if: "workers.available == 0" }, { queue: second }],
          },
        ],
      },
    });
    // Nobody in First available: skipped at once to Second.
    const offline = h.worker("f1", { team: "first" }, "Offline");
    const t1 = h.task({}, { workflowSid: wf });
    expect(h.queueOfTask(t1)).toBe(second);
    expect(h.types()).toEqual([
      "task.created",
      "workflow.entered",
      "workflow.target-matched",
      "task-queue.entered",
      "workflow.target-matched",
      "task-queue.entered",
    ]);
    // A worker available in First: the reservation is made, skip_if is not looked at.
    h.setActivity(offline, "Available");
    const t2 = h.task({}, { workflowSid: wf });
    expect(h.queueOfTask(t2)).toBe(first);
    expect(h.reservedWorker(t2)).toBe(offline);
    // skip_if false (a worker available but busy): the task waits in First, checked once.
    const t3 = h.task({}, { workflowSid: wf });
    expect(h.queueOfTask(t3)).toBe(first);
    expect(h.taskOf(t3).routing?.skipChecked).toBe(true);
    h.setActivity(offline, "Offline");
    expect(h.queueOfTask(t3)).toBe(first);
  });

  it("skipping every target of the only matching filter leads to the default filter", () => {
    const h = new Harness();
    const vip = h.queue("VIP", "vip == true");
    const fallback = h.queue("Fallback");
    const wf = h.workflow({
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: vip, skip_if: "1==1" }] }],
        default_filter: { queue: fallback },
      },
    });
    const t = h.task({}, { workflowSid: wf });
    expect(h.queueOfTask(t)).toBe(fallback);
    // Without a default filter the task skips out of the workflow.
    const wf2 = h.workflow({
      task_routing: { filters: [{ expression: "1==1", targets: [{ queue: vip, skip_if: "1==1" }] }] },
    });
    const t2 = h.task({}, { workflowSid: wf2 });
    expect(h.types()).toContain("workflow.skipped");
    expect(h.taskOf(t2).assignmentStatus).toBe("canceled");
  });

  it("orders workers by order_by DESC with workers lacking the attribute last", () => {
    const h = new Harness();
    const q = h.queue("Q", "1==1", { maxReservedWorkers: 4 });
    const wf = h.workflow({
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: q, order_by: "worker.level DESC" }] }],
      },
    });
    const none = h.worker("none", {});
    const low = h.worker("low", { level: 1 });
    const high = h.worker("high", { level: 9 });
    const mid = h.worker("mid", { level: 5 });
    const t = h.task({}, { workflowSid: wf });
    expect(h.pending(t).map((r) => r.workerSid)).toEqual([high, mid, low, none]);
    // With capacity for one reservation, the best-ranked worker gets it.
    h.exec({ type: "taskQueue.update", sid: q, maxReservedWorkers: 1 });
    const single = h.workflow({
      task_routing: { default_filter: { queue: q, order_by: "worker.level DESC" } },
    });
    const solo = h.worker("solo", { level: 7 });
    const t2 = h.task({}, { workflowSid: single });
    expect(h.reservedWorker(t2)).toBe(solo);
  });

  it("routes to the known worker by SID or by friendly name; a null reference stays in the target", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const other = h.queue("Other");
    const bySid = h.workflow({
      task_routing: {
        filters: [
          {
            expression: "1==1",
            targets: [{ queue: q, known_worker_sid: "task.agent", timeout: 30 }, { queue: other }],
          },
        ],
      },
    });
    const byName = h.workflow({
      task_routing: {
        filters: [
          { expression: "1==1", targets: [{ queue: q, known_worker_friendly_name: "task.agent_name" }] },
        ],
      },
    });
    h.worker("alice");
    const bob = h.worker("Bob");
    const t1 = h.task({ agent: bob }, { workflowSid: bySid });
    expect(h.reservedWorker(t1)).toBe(bob);
    const t2 = h.task({ agent_name: "bob" }, { workflowSid: byName });
    expect(h.pending(t2)).toHaveLength(0); // Bob is at capacity on the default channel
    h.accept(h.pending(t1)[0]!);
    h.exec({ type: "task.update", sid: t1, assignmentStatus: "completed", reason: "ok" });
    expect(h.reservedWorker(t2)).toBe(bob);
    const t3 = h.task({ agent: null }, { workflowSid: bySid });
    expect(h.queueOfTask(t3)).toBe(q);
    expect(h.pending(t3)).toHaveLength(0);
    h.advance(30);
    expect(h.queueOfTask(t3)).toBe(other);
  });

  it("re-routes a pending task from the start when its attributes change", () => {
    const h = new Harness();
    const en = h.queue("EN");
    const fr = h.queue("FR");
    const wf = h.workflow({
      task_routing: {
        filters: [
          { expression: "lang == 'en'", targets: [{ queue: en }] },
          { expression: "lang == 'fr'", targets: [{ queue: fr }] },
        ],
      },
    });
    const t = h.task({ lang: "en" }, { workflowSid: wf });
    expect(h.queueOfTask(t)).toBe(en);
    h.exec({ type: "task.update", sid: t, attributes: '{"lang":"fr"}' });
    expect(h.types()).toEqual([
      "task.updated",
      "workflow.entered",
      "workflow.target-matched",
      "task-queue.entered",
    ]);
    expect(h.queueOfTask(t)).toBe(fr);
    const w = h.worker("fr-agent");
    expect(h.reservedWorker(t)).toBe(w);
  });

  it("re-routes pending tasks on a workflow update with ReEvaluateTasks only", () => {
    const h = new Harness();
    const a = h.queue("A");
    const b = h.queue("B");
    const wf = h.workflow({ task_routing: { default_filter: { queue: a } } });
    const t = h.task({}, { workflowSid: wf });
    h.exec({
      type: "workflow.update",
      sid: wf,
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: b } } }),
    });
    expect(h.queueOfTask(t)).toBe(a);
    h.exec({
      type: "workflow.update",
      sid: wf,
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: b } } }),
      reEvaluateTasks: true,
    });
    expect(h.queueOfTask(t)).toBe(b);
  });
});

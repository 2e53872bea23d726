import { describe, expect, it } from "vitest";
import type { Task, Worker } from "../../../src/domain/entities.ts";
import { TaskRouterError } from "../../../src/domain/errors.ts";
import { Harness } from "./harness.ts";

describe("workspace defaults", () => {
  it("creates TaskRouter's default activities and channels, and the FIFO template", () => {
    const h = new Harness({ template: "FIFO" });
    const names = [...h.view.activities()].map((a) => [a.friendlyName, a.available]);
    expect(names).toEqual([
      ["Offline", false],
      ["Available", true],
      ["Unavailable", false],
    ]);
    expect(h.view.workspace.defaultActivitySid).toBe(h.activity("Offline"));
    expect(h.view.workspace.timeoutActivitySid).toBe(h.activity("Offline"));
    expect([...h.view.taskChannels()].map((c) => `${c.friendlyName}/${c.uniqueName}`)).toEqual([
      "Default/default",
      "Voice/voice",
      "SMS/sms",
      "Chat/chat",
      "Video/video",
    ]);
    const queues = [...h.view.taskQueues()];
    expect(queues.map((q) => [q.friendlyName, q.targetWorkers])).toEqual([["Sample Queue", "1==1"]]);
    const workflows = [...h.view.workflows()];
    expect(workflows.map((w) => w.friendlyName)).toEqual(["Default Fifo Workflow"]);
    // The single workflow makes WorkflowSid optional, and the task lands in the sample queue.
    const w = h.worker("alice");
    const t = h.task({});
    expect(h.queueOfTask(t)).toBe(queues[0]?.sid);
    expect(h.reservedWorker(t)).toBe(w);
  });

  it("gives every worker one channel per task channel, and new channels to every worker", () => {
    const h = new Harness();
    const w = h.worker("alice");
    expect(
      h.view.workerChannels(w).map((c) => [c.taskChannelUniqueName, c.configuredCapacity, c.available]),
    ).toHaveLength(5);
    expect(h.view.workerChannels(w).every((c) => c.configuredCapacity === 1 && c.available)).toBe(true);
    const out = h.exec({ type: "taskChannel.create", friendlyName: "Email", uniqueName: "email" });
    expect(h.view.workerChannel(w, "email")?.configuredCapacity).toBe(1);
    expect(out.changed.some((r) => r.kind === "workerChannel")).toBe(true);
  });

  it("lists every created entity in the creation outcome", () => {
    const h = new Harness();
    expect(h.log[0]?.eventType).toBe("workspace.created");
    const out = h.exec({ type: "worker.create", friendlyName: "bob" });
    const kinds = out.changed.map((c) => c.kind);
    expect(kinds.filter((k) => k === "worker")).toHaveLength(1);
    expect(kinds.filter((k) => k === "workerChannel")).toHaveLength(5);
    expect((out.result as Worker).activitySid).toBe(h.activity("Offline"));
  });
});

function expectError(fn: () => unknown, status: number, fragment: string | RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRouterError);
    expect((error as TaskRouterError).status).toBe(status);
    expect((error as TaskRouterError).message).toMatch(fragment);
    return;
  }
  throw new Error("expected an error");
}

describe("validation", () => {
  it("refuses bad CRUD input with TaskRouter errors and changes nothing", () => {
    const h = new Harness();
    expectError(() => h.exec({ type: "worker.create", friendlyName: "" }), 400, /FriendlyName/);
    expectError(() => h.exec({ type: "worker.create", friendlyName: "x".repeat(65) }), 400, /64/);
    h.worker("Alice");
    expectError(() => h.exec({ type: "worker.create", friendlyName: "ALICE" }), 409, /already exists/);
    expectError(
      () => h.exec({ type: "worker.create", friendlyName: "b", attributes: "[1]" }),
      400,
      /JSON object/,
    );
    expectError(
      () => h.exec({ type: "worker.create", friendlyName: "b", attributes: "{" }),
      400,
      /not valid JSON/,
    );
    expectError(
      () =>
        h.exec({
          type: "worker.create",
          friendlyName: "b",
          attributes: JSON.stringify({ a: "x".repeat(4100) }),
        }),
      400,
      /4096/,
    );
    expectError(
      () => h.exec({ type: "taskChannel.create", friendlyName: "x", uniqueName: "1abc" }),
      400,
      /not start with a digit/,
    );
    expectError(
      () => h.exec({ type: "taskChannel.create", friendlyName: "x", uniqueName: "voice" }),
      409,
      /already exists/,
    );
    expectError(
      () => h.exec({ type: "taskQueue.create", friendlyName: "q", maxReservedWorkers: 51 }),
      400,
      /MaxReservedWorkers/,
    );
    expectError(
      () => h.exec({ type: "taskQueue.create", friendlyName: "q", targetWorkers: "a ==" }),
      400,
      /TargetWorkers/,
    );
    expectError(
      () => h.exec({ type: "activity.delete", sid: h.activity("Offline") }),
      409,
      /default or timeout/,
    );
    expectError(
      () => h.exec({ type: "activity.delete", sid: h.activity("Available") }),
      409,
      /in use by Worker/,
    );
    expectError(
      () => h.exec({ type: "worker.update", sid: "WK0000000000000000000000000000dead" }),
      404,
      /not found/,
    );
    const q = h.queue("q");
    const wfBase = { task_routing: { default_filter: { queue: q } } };
    expectError(() => h.workflow("{not json"), 400, /valid JSON/);
    expectError(
      () => h.workflow({ task_routing: { default_filter: { queue: "WQ00000000000000000000000000000bad" } } }),
      400,
      /does not exist/,
    );
    expectError(
      () => h.workflow({ task_routing: { filters: [{ expression: "a ==", targets: [{ queue: q }] }] } }),
      400,
      /filters\[0\]\.expression/,
    );
    expectError(
      () =>
        h.workflow({
          task_routing: {
            filters: [
              {
                expression: "1==1",
                targets: [{ queue: q, known_worker_sid: "task.a", known_worker_friendly_name: "task.b" }],
              },
            ],
          },
        }),
      400,
      /not both/,
    );
    expectError(() => h.workflow(wfBase, { taskReservationTimeout: 0 }), 400, /TaskReservationTimeout/);
    expectError(() => h.workflow(wfBase, { taskReservationTimeout: 86_401 }), 400, /TaskReservationTimeout/);
    expectError(() => h.workflow({ task_routing: {}, pad: "x".repeat(1_038_577) }), 413, /larger/);
    // Numbers as strings are accepted.
    const wf = h.workflow({
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: q, priority: "5", timeout: "10" }] }],
      },
    });
    expectError(() => h.exec({ type: "taskQueue.delete", sid: q }), 409, /used by Workflow/);
    expectError(() => h.task({}, { workflowSid: wf, priority: 2 ** 31 }), 400, /Priority/);
    expectError(() => h.task({}, { workflowSid: wf, timeout: 1_209_601 }), 400, /Timeout/);
    expectError(() => h.task({}, { workflowSid: wf, virtualStartTime: h.clock.now() + 1000 }), 400, /future/);
    expectError(() => h.task({}, { workflowSid: wf, virtualStartTime: Date.UTC(1899, 11, 31) }), 400, /1900/);
    h.workflow(wfBase);
    expectError(() => h.task({}), 400, /WorkflowSid/);
    const t = h.task({}, { workflowSid: wf });
    expectError(() => h.exec({ type: "workflow.delete", sid: wf }), 409, /still routes/);
    expectError(
      () => h.exec({ type: "task.update", sid: t, assignmentStatus: "completed", reason: "x" }),
      400,
      /cannot be updated to \[completed\]/,
    );
    expectError(() => h.exec({ type: "task.update", sid: t, assignmentStatus: "canceled" }), 400, /Reason/);
    expect(h.taskOf(t).priority).toBe(5);
  });

  it("checks If-Match against the quoted version", () => {
    const h = new Harness();
    const w = h.worker("alice");
    const version = (h.view.worker(w) as Worker).version;
    expectError(
      () => h.exec({ type: "worker.update", sid: w, friendlyName: "x", ifMatch: `"${version + 7}"` }),
      412,
      /If-Match/,
    );
    h.exec({ type: "worker.update", sid: w, friendlyName: "alice2", ifMatch: `"${version}"` });
    expect(h.view.worker(w)?.friendlyName).toBe("alice2");
    h.exec({ type: "worker.update", sid: w, friendlyName: "alice3", ifMatch: String(version + 1) });
    expect(h.view.worker(w)?.version).toBe(version + 2);
    const q = h.queue("q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const t = h.task({}, { workflowSid: wf });
    const tv = (h.view.task(t) as Task).version;
    expectError(
      () => h.exec({ type: "task.update", sid: t, priority: 3, ifMatch: `"${tv + 1}"` }),
      412,
      /does not match/,
    );
    h.exec({ type: "task.update", sid: t, priority: 3, ifMatch: `"${tv}"` });
    expect(h.taskOf(t).priority).toBe(3);
  });
});

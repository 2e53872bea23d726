/**
 * Issue 10 item 1: a failing assignment callback must not loop. Against real receivers on
 * 127.0.0.1 and the simulated clock (no timing assertions): after both URLs fail, the task stays
 * pending in its queue, held back per task and per URL (5 s doubling to 5 min by default), the
 * failure is an event and a log line, and the assignment count grows by a few per minute at most.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.ts";
import { type Receiver, startReceiver } from "./support/receiver.ts";
import { routing, startEventsServer } from "./support/setup.ts";

const accept = () => ({ status: 200, contentType: "application/json", body: '{"instruction":"accept"}' });

describe("Assignment callback backoff", () => {
  let t: TestServer;
  let receiver: Receiver;
  const logs: string[] = [];
  const original = console.error;
  beforeAll(async () => {
    t = await startEventsServer();
    receiver = await startReceiver();
    console.error = (line: string) => logs.push(line);
  });
  afterAll(async () => {
    console.error = original;
    await t.close();
    await receiver.close();
  });

  async function settle() {
    for (let i = 0; i < 3; i += 1) {
      await t.server.events.idle();
      await t.server.runtime.idle();
    }
  }
  /** Move the simulated clock, then let the callbacks it caused finish. */
  async function step(ms: number) {
    await t.advance(ms);
    await settle();
  }

  it("holds a task back after a 500 instead of burning its assignments, then routes it again", async () => {
    receiver.setHandler(() => ({ status: 500, body: "boom" }));
    const r = await routing(t, { assignmentCallbackUrl: receiver.url("/down"), multiTaskEnabled: false });
    await r.worker("Alice");
    const taskSid = await r.task();
    const calls = () => receiver.requests.filter((q) => q.params.TaskSid === taskSid).length;
    await settle();
    // One attempt, not 1,000: the task is pending in its queue, held for 5 s.
    expect(calls()).toBe(1);
    const task = await r.ws.tasks(taskSid).fetch();
    expect(task.assignmentStatus).toBe("pending");
    expect(task.taskQueueSid).toBe(r.queueSid);
    const [canceled] = await r.ws.events.list({ eventType: "reservation.canceled", taskSid });
    expect(canceled?.description).toMatch(
      /assignment callback failed \(.*HTTP 500.*held back from routing for 5000 ms/,
    );
    expect(canceled?.eventData.tasklane_retry_at).toBe((t.clock?.now() ?? 0) + 5_000);
    expect(logs.some((l) => l.includes(`task ${taskSid} failed 1 time(s)`) && l.includes("5000 ms"))).toBe(
      true,
    );

    await step(4_999);
    expect(calls()).toBe(1);
    await step(1);
    expect(calls()).toBe(2); // at 5 s; next hold 10 s
    await step(10_000);
    expect(calls()).toBe(3); // at 15 s; next hold 20 s
    await step(20_000);
    expect(calls()).toBe(4); // at 35 s; next hold 40 s
    await step(25_000);
    expect(calls()).toBe(4); // the first minute: 4 reservations
    // The receiver recovers: the next attempt (at 75 s) is accepted.
    receiver.setHandler(accept);
    await step(15_000);
    expect(calls()).toBe(5);
    expect((await r.ws.tasks(taskSid).fetch()).assignmentStatus).toBe("assigned");
  });

  it("does not cancel the tasks routed while a receiver is down for a moment", async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url("/gone");
    await closed.close(); // a closed port: ECONNREFUSED
    const r = await routing(t, { assignmentCallbackUrl: deadUrl, multiTaskEnabled: false });
    await r.worker("Bob");
    const tasks = [await r.task({ n: 1 }), await r.task({ n: 2 }), await r.task({ n: 3 })];
    await settle();
    for (const sid of tasks) {
      const failures = await r.ws.events.list({ eventType: "reservation.canceled", taskSid: sid });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.eventData.tasklane_callback_failure).toMatch(/unreachable \(ECONNREFUSED\)/);
      expect((await r.ws.tasks(sid).fetch()).assignmentStatus).toBe("pending");
    }
    // The receiver is fixed (the workflow's URL changes): held tasks are tried at once, none canceled.
    receiver.setHandler(accept);
    await r.ws.workflows(r.workflowSid).update({ assignmentCallbackUrl: receiver.url("/back") });
    await settle();
    const statuses = await Promise.all(
      tasks.map(async (sid) => (await r.ws.tasks(sid).fetch()).assignmentStatus),
    );
    expect(statuses.filter((s) => s === "assigned")).toHaveLength(1);
    expect(statuses.filter((s) => s === "pending")).toHaveLength(2);
    expect(statuses).not.toContain("canceled");
  });

  it("raises the hold for a URL that keeps failing across tasks", async () => {
    receiver.setHandler(() => ({ status: 503 }));
    const r = await routing(t, { assignmentCallbackUrl: receiver.url("/flapping"), multiTaskEnabled: false });
    await r.worker("Carol");
    const first = await r.task({ n: 1 });
    await settle();
    await step(5_000); // the URL has failed for 5 s: its level rises to 2
    await r.ws.tasks(first).update({ assignmentStatus: "canceled", reason: "gave up" });
    const second = await r.task({ n: 2 });
    await settle();
    const [canceled] = await r.ws.events.list({ eventType: "reservation.canceled", taskSid: second });
    // The second task's first failure already waits 10 s, not 5 s.
    expect(canceled?.description).toMatch(/held back from routing for 10000 ms/);
  });
});

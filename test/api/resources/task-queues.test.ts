import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, rejection, startServer } from "./fixture.ts";

describe("TaskQueues", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates (seed sample), fetches, updates, lists and removes, with activity names and links", async () => {
    const { sid: wsSid, ws: workspace } = await newWorkspace(t);
    const queue = await workspace.taskQueues.create({
      friendlyName: "English Support",
      targetWorkers: '"skills" HAS "english" AND "skills" HAS "support"',
    });
    expect(queue.sid).toMatch(/^WQ[0-9a-f]{32}$/);
    expect(queue.targetWorkers).toBe('"skills" HAS "english" AND "skills" HAS "support"');
    expect(queue.taskOrder).toBe("FIFO");
    expect(queue.maxReservedWorkers).toBe(1);
    const queues = await workspace.taskQueues.list();
    expect(queues.map((q) => q.sid)).toContain(queue.sid);

    const busy = await workspace.activities.create({ friendlyName: "Busy" });
    const updated = await workspace.taskQueues(queue.sid).update({
      friendlyName: "English",
      maxReservedWorkers: 3,
      taskOrder: "LIFO",
      assignmentActivitySid: busy.sid,
    });
    expect(updated.friendlyName).toBe("English");
    expect(updated.maxReservedWorkers).toBe(3);
    expect(updated.taskOrder).toBe("LIFO");
    expect(updated.assignmentActivityName).toBe("Busy");
    const base = `${t.baseUrl}/v1/Workspaces/${wsSid}`;
    expect(updated.links).toEqual({
      assignment_activity: `${base}/Activities/${busy.sid}`,
      reservation_activity: null,
      workspace: base,
      statistics: `${base}/TaskQueues/${queue.sid}/Statistics`,
      real_time_statistics: `${base}/TaskQueues/${queue.sid}/RealTimeStatistics`,
      cumulative_statistics: `${base}/TaskQueues/${queue.sid}/CumulativeStatistics`,
      list_statistics: `${base}/TaskQueues/Statistics`,
      bulk_real_time_statistics: `${base}/TaskQueues/RealTimeStatistics`,
    });
    expect((await workspace.taskQueues(queue.sid).fetch()).friendlyName).toBe("English");

    expect(await workspace.taskQueues(queue.sid).remove()).toBe(true);
    expect((await rejection(() => workspace.taskQueues(queue.sid).fetch())).status).toBe(404);
  });

  it("filters by FriendlyName, EvaluateWorkerAttributes and WorkerSid, and orders", async () => {
    const { ws } = await newWorkspace(t);
    const english = await ws.taskQueues.create({ friendlyName: "en", targetWorkers: "skills HAS 'en'" });
    t.clock?.advance(1000);
    const spanish = await ws.taskQueues.create({ friendlyName: "es", targetWorkers: "skills HAS 'es'" });
    t.clock?.advance(1000);
    const everyone = await ws.taskQueues.create({ friendlyName: "all" });
    const sids = (list: { sid: string }[]) => list.map((q) => q.sid);

    expect(sids(await ws.taskQueues.list({ friendlyName: "es" }))).toEqual([spanish.sid]);
    expect(sids(await ws.taskQueues.list({ evaluateWorkerAttributes: '{"skills":["en"]}' }))).toEqual([
      english.sid,
      everyone.sid,
    ]);
    const w = await ws.workers.create({ friendlyName: "w", attributes: '{"skills":["es"]}' });
    expect(sids(await ws.taskQueues.list({ workerSid: w.sid }))).toEqual([spanish.sid, everyone.sid]);
    expect(sids(await ws.taskQueues.list({ ordering: "DateCreated:desc" }))).toEqual([
      everyone.sid,
      spanish.sid,
      english.sid,
    ]);
  });

  it("validates parameters", async () => {
    const { ws } = await newWorkspace(t);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => ws.taskQueues.create({ friendlyName: "q", maxReservedWorkers: 51 }), "MaxReservedWorkers"],
      [() => ws.taskQueues.create({ friendlyName: "q", taskOrder: "RANDOM" as "FIFO" }), "TaskOrder"],
      [
        () => ws.taskQueues.create({ friendlyName: "q", reservationActivitySid: "WK1" }),
        "ReservationActivitySid",
      ],
      [() => ws.taskQueues.create({ friendlyName: "q", targetWorkers: "skills HAS (" }), "TargetWorkers"],
      [() => ws.taskQueues.list({ evaluateWorkerAttributes: "{nope" }), "EvaluateWorkerAttributes"],
      [() => ws.taskQueues.list({ workerSid: "WQ1" }), "WorkerSid"],
      [() => ws.taskQueues.list({ ordering: "Size:asc" }), "Ordering"],
    ];
    for (const [call, name] of cases) {
      const error = await rejection(call);
      expect(error.status, name).toBe(400);
      expect(error.message, name).toContain(name);
    }
  });

  it("refuses a TargetWorkers reading task. keys with a Twilio error pointing at the workflow target", async () => {
    const { ws } = await newWorkspace(t);
    const error = await rejection(() =>
      ws.taskQueues.create({ friendlyName: "Skills", targetWorkers: '"skills" IN task.required_skills' }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe(20001);
    expect(error.moreInfo).toBe("https://www.twilio.com/docs/errors/20001");
    expect(error.message).toContain("Invalid parameter TargetWorkers: task.required_skills reads the task");
    expect(error.message).toContain('workflow target\'s "expression"');
    const queue = await ws.taskQueues.create({ friendlyName: "Skills", targetWorkers: "1==1" });
    const update = await rejection(() =>
      ws.taskQueues(queue.sid).update({ targetWorkers: "task.priority > 1" }),
    );
    expect(update.status).toBe(400);
    expect((await ws.taskQueues(queue.sid).fetch()).targetWorkers).toBe("1==1");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, startServer } from "./fixture.ts";
import { routingSetup } from "./routing-setup.ts";

describe("Task routing parameters and timers over HTTP", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("passes VirtualStartTime, TaskQueueSid, RoutingTarget and IgnoreCapacity through to the task", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const start = new Date((t.clock?.now() ?? 0) - 3_600_000);
    const task = await ws.tasks.create({
      workflowSid: setup.workflowSid,
      virtualStartTime: start,
      priority: 7,
      taskChannel: "voice",
    });
    expect(task.virtualStartTime?.toISOString()).toBe(start.toISOString());
    expect(task.priority).toBe(7);
    expect(task.taskChannelUniqueName).toBe("voice");

    const worker = await ws.workers.create({ friendlyName: "direct" });
    const direct = await ws.tasks.create({
      routingTarget: worker.sid,
      ignoreCapacity: "true",
      taskQueueSid: setup.queueSid,
    });
    expect(direct.routingTarget).toBe(worker.sid);
    expect(direct.ignoreCapacity).toBe(true);
    expect((await ws.tasks.list({ routingTarget: worker.sid })).map((x) => x.sid)).toEqual([direct.sid]);
  });

  it("times a pending reservation out when the simulated clock passes the workflow's timeout", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws, { timeout: 30 });
    const worker = await ws.workers.create({
      friendlyName: "slow",
      attributes: JSON.stringify({ skills: ["english", "support"] }),
      activitySid: setup.available,
    });
    const task = await ws.tasks.create({ workflowSid: setup.workflowSid });
    expect(await ws.workers(worker.sid).reservations.list({ reservationStatus: "pending" })).toHaveLength(1);
    await t.advance(31_000);
    expect(await ws.workers(worker.sid).reservations.list({ reservationStatus: "timeout" })).toHaveLength(1);
    expect((await ws.tasks(task.sid).fetch()).assignmentStatus).toBe("pending");
    expect((await ws.workers(worker.sid).fetch()).available).toBe(false);
  });
});

// GET /tasklane/v1/Workspaces/{WS}/RecentActivity: per-minute counts for the wallboard chart and the
// event stream position to resume from, checked against a real server's events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock, startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
const clock = new SimulatedClock(Date.parse("2026-03-02T10:00:30Z"));
beforeAll(async () => {
  t = await startTestServer({ database: "memory", clock });
});
afterAll(async () => t.close());

const get = async (path: string) => {
  const response = await fetch(`${t.baseUrl}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("RecentActivity", () => {
  it("counts created tasks, tasks leaving the wait and assignments per minute", async () => {
    const tr = t.client.taskrouter.v1;
    const ws = await tr.workspaces.create({ friendlyName: "recent", template: "FIFO" });
    const [workflow] = await tr.workspaces(ws.sid).workflows.list();
    const activities = await tr.workspaces(ws.sid).activities.list();
    const available = activities.find((a) => a.friendlyName === "Available")?.sid ?? "";
    const create = () =>
      tr.workspaces(ws.sid).tasks.create({ workflowSid: workflow?.sid ?? "", attributes: "{}" });
    const first = await create();
    await create();
    await t.advance(60_000);
    await tr.workspaces(ws.sid).tasks(first.sid).update({ assignmentStatus: "canceled", reason: "gone" });
    const worker = await tr.workspaces(ws.sid).workers.create({ friendlyName: "w", activitySid: available });
    const [reservation] = await tr.workspaces(ws.sid).workers(worker.sid).reservations.list();
    await tr
      .workspaces(ws.sid)
      .tasks(reservation?.taskSid ?? "")
      .reservations(reservation?.sid ?? "")
      .update({ reservationStatus: "accepted" });

    const { status, body } = await get(`/tasklane/v1/Workspaces/${ws.sid}/RecentActivity?Minutes=3`);
    expect(status).toBe(200);
    expect(body.minutes).toBe(3);
    const buckets = body.buckets as Array<Record<string, unknown>>;
    expect(buckets.map((b) => b.start)).toEqual([
      "2026-03-02T09:59:00Z",
      "2026-03-02T10:00:00Z",
      "2026-03-02T10:01:00Z",
    ]);
    expect(buckets[1]).toMatchObject({ tasks_created: 2, tasks_left_waiting: 0, reservations_accepted: 0 });
    expect(buckets[2]).toMatchObject({ tasks_created: 0, tasks_left_waiting: 2, reservations_accepted: 1 });
    const events = await tr.workspaces(ws.sid).events.list();
    expect(body.last_sequence).toBeGreaterThanOrEqual(events.length);
  });

  it("gives the stream position even when the window holds no event, and checks Minutes", async () => {
    const ws = await t.client.taskrouter.v1.workspaces.create({ friendlyName: "idle" });
    await t.advance(2 * 3600_000);
    const { body } = await get(`/tasklane/v1/Workspaces/${ws.sid}/RecentActivity`);
    expect((body.buckets as unknown[]).length).toBe(60);
    expect(body.last_sequence).toBeGreaterThan(0);
    const bad = await get(`/tasklane/v1/Workspaces/${ws.sid}/RecentActivity?Minutes=61`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Minutes/);
  });
});

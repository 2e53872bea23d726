import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock, startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    clock: new SimulatedClock(Date.UTC(2026, 0, 1, 9, 0, 0)),
  });
});
afterAll(() => t.close());

const workspaces = () => t.client.taskrouter.v1.workspaces;

describe("Workspaces resource", () => {
  it("creates a workspace with every parameter and renders every field", async () => {
    const ws = await workspaces().create({
      friendlyName: "Support",
      eventCallbackUrl: "http://example.test/events",
      eventsFilter: "task.created,reservation.accepted",
      multiTaskEnabled: false,
      template: "NONE",
      prioritizeQueueOrder: "LIFO",
    });
    expect(ws.sid).toMatch(/^WS[0-9a-f]{32}$/);
    const json = ws.toJSON();
    expect(json).toMatchObject({
      accountSid: t.accountSid,
      friendlyName: "Support",
      eventCallbackUrl: "http://example.test/events",
      eventsFilter: "task.created,reservation.accepted",
      multiTaskEnabled: false,
      prioritizeQueueOrder: "LIFO",
      defaultActivityName: "Offline",
      timeoutActivityName: "Offline",
      url: `${t.baseUrl}/v1/Workspaces/${ws.sid}`,
    });
    expect(ws.dateCreated.toISOString()).toBe("2026-01-01T09:00:00.000Z");
    expect(Object.keys(ws.links).sort()).toEqual(
      [
        "activities",
        "cumulative_statistics",
        "events",
        "real_time_statistics",
        "statistics",
        "task_channels",
        "task_queues",
        "tasks",
        "workers",
        "workflows",
      ].sort(),
    );
    expect(ws.links.task_queues).toBe(`${t.baseUrl}/v1/Workspaces/${ws.sid}/TaskQueues`);
  });

  it("returns the raw wire shape: snake_case, ISO dates with Z, 201 on create", async () => {
    const auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
    const res = await fetch(`${t.baseUrl}/v1/Workspaces`, {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
      body: "FriendlyName=Raw%20Name",
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.friendly_name).toBe("Raw Name");
    expect(body.date_created).toBe("2026-01-01T09:00:00Z");
    expect(body.multi_task_enabled).toBe(true);
    expect(body.event_callback_url).toBeNull();
    expect(body.default_activity_sid).toMatch(/^WA/);
  });

  it("fetches, updates and deletes", async () => {
    const ws = await workspaces().create({ friendlyName: "Temp" });
    expect((await workspaces()(ws.sid).fetch()).friendlyName).toBe("Temp");
    await t.advance(60_000);
    const updated = await workspaces()(ws.sid).update({
      friendlyName: "Renamed",
      eventCallbackUrl: "https://hooks.test/x",
      multiTaskEnabled: true,
      prioritizeQueueOrder: "LIFO",
      defaultActivitySid: ws.defaultActivitySid,
      timeoutActivitySid: ws.timeoutActivitySid,
    });
    expect(updated.friendlyName).toBe("Renamed");
    expect(updated.eventCallbackUrl).toBe("https://hooks.test/x");
    expect(updated.dateUpdated.getTime() - updated.dateCreated.getTime()).toBe(60_000);
    expect(await workspaces()(ws.sid).remove()).toBe(true);
    await expect(workspaces()(ws.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(workspaces()(ws.sid).remove()).rejects.toMatchObject({ status: 404 });
  });

  it("validates parameters with errors that name them", async () => {
    await expect(workspaces().create({ friendlyName: "" })).rejects.toMatchObject({
      status: 400,
      code: 20001,
      message: expect.stringContaining("FriendlyName"),
    });
    await expect(
      workspaces().create({ friendlyName: "x", eventsFilter: "task.created,task.exploded" }),
    ).rejects.toMatchObject({
      code: 20001,
      message: expect.stringContaining("task.exploded"),
    });
    await expect(
      workspaces().create({ friendlyName: "x", prioritizeQueueOrder: "RANDOM" as "FIFO" }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("PrioritizeQueueOrder"),
    });
    await expect(workspaces().create({ friendlyName: "x", template: "BIG" })).rejects.toMatchObject({
      message: expect.stringContaining("Template"),
    });
    await expect(
      workspaces().create({ friendlyName: "x", eventCallbackUrl: "not a url" }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("EventCallbackUrl"),
    });
    await expect(workspaces().create({ friendlyName: "y".repeat(65) })).rejects.toMatchObject({
      message: expect.stringContaining("64"),
    });
    const ws = await workspaces().create({ friendlyName: "v" });
    await expect(workspaces()(ws.sid).update({ defaultActivitySid: "WAnope" })).rejects.toMatchObject({
      code: 20001,
      message: expect.stringContaining("DefaultActivitySid"),
    });
  });

  it("lists with paging across several pages, filters and absolute meta URLs", async () => {
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      names.push((await workspaces().create({ friendlyName: "Paged" })).sid);
      await t.advance(1000);
    }
    const seen: string[] = [];
    await workspaces().each({ friendlyName: "Paged", pageSize: 3 }, (ws) => {
      seen.push(ws.sid);
    });
    expect(seen).toEqual(names);

    const page = await workspaces().page({ friendlyName: "Paged", pageSize: 3 });
    const meta = (page as unknown as { _payload: { meta: Record<string, unknown> } })._payload.meta;
    expect(meta).toMatchObject({ key: "workspaces", page: 0, page_size: 3, previous_page_url: null });
    expect(meta.first_page_url).toBe(`${t.baseUrl}/v1/Workspaces?FriendlyName=Paged&PageSize=3&Page=0`);
    expect(meta.next_page_url).toBe(
      `${t.baseUrl}/v1/Workspaces?FriendlyName=Paged&PageSize=3&Page=1&PageToken=PA${names[2]}`,
    );
    const second = await page.nextPage();
    expect(second?.instances.map((w) => w.sid)).toEqual(names.slice(3, 6));
    const back = await second?.previousPage();
    expect(back?.instances.map((w) => w.sid)).toEqual(names.slice(0, 3));
    expect((await workspaces().list({ friendlyName: "nobody" })).length).toBe(0);
  });

  it("keeps workspaces across a restart on the same database", async () => {
    const ws = await workspaces().create({ friendlyName: "Durable", template: "FIFO" });
    await workspaces()(ws.sid).update({ friendlyName: "Durable 2" });
    await t.restart();
    const again = await workspaces()(ws.sid).fetch();
    expect(again.friendlyName).toBe("Durable 2");
    expect(again.defaultActivitySid).toBe(ws.defaultActivitySid);
    expect(again.defaultActivityName).toBe(ws.defaultActivityName);
    expect(again.dateCreated).toEqual(ws.dateCreated);
  });
});

/**
 * The Events API through the official twilio SDK: a full task life in TaskRouter's order and names,
 * every list filter, fetch, paging, the wire fields, and retention.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventRetention } from "../../src/events/retention.ts";
import type { TestServer } from "../support/server.ts";
import { type Routing, routing, startEventsServer } from "./support/setup.ts";

describe("Events API", () => {
  let t: TestServer;
  let r: Routing;
  let taskSid: string;
  let workerSid: string;
  let first: string;
  let second: string;
  beforeAll(async () => {
    t = await startEventsServer();
    r = await routing(t);
    workerSid = await r.worker("Alice");
    // A full task life: create -> reserve -> reject -> reserve -> accept -> wrapping -> complete.
    taskSid = await r.task();
    const [reservation] = await r.ws.tasks(taskSid).reservations.list();
    first = reservation?.sid ?? "";
    await r.ws.tasks(taskSid).reservations(first).update({ reservationStatus: "rejected" });
    const again = await r.ws.tasks(taskSid).reservations.list({ reservationStatus: "pending" });
    second = again[0]?.sid ?? "";
    await r.ws.tasks(taskSid).reservations(second).update({ reservationStatus: "accepted" });
    await r.ws.tasks(taskSid).update({ assignmentStatus: "wrapping" });
    await r.ws.tasks(taskSid).update({ assignmentStatus: "completed", reason: "resolved" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("records a task's life in TaskRouter's order and names", async () => {
    const events = (await r.ws.events.list({ taskSid })).reverse();
    expect(events.map((e) => [e.eventType, e.resourceSid])).toEqual([
      ["task.created", taskSid],
      ["workflow.entered", taskSid],
      ["workflow.target-matched", taskSid],
      ["task-queue.entered", taskSid],
      ["reservation.created", first],
      ["reservation.rejected", first],
      ["task-queue.entered", taskSid],
      ["reservation.created", second],
      ["reservation.accepted", second],
      ["task.wrapup", taskSid],
      ["reservation.wrapup", second],
      ["task.completed", taskSid],
      ["reservation.completed", second],
    ]);
    const completed = events.find((e) => e.eventType === "task.completed");
    expect(completed?.eventData).toMatchObject({
      task_sid: taskSid,
      task_assignment_status: "completed",
      task_completed_reason: "resolved",
      workspace_sid: r.wsSid,
      workflow_sid: r.workflowSid,
    });
  });

  it("renders the spec's fields", async () => {
    const [event] = await r.ws.events.list({ eventType: "reservation.accepted" });
    if (event === undefined) throw new Error("no event");
    const base = `${t.baseUrl}/v1/Workspaces/${r.wsSid}`;
    expect(event.toJSON()).toMatchObject({
      accountSid: t.accountSid,
      actorSid: r.wsSid,
      actorType: "workspace",
      actorUrl: base,
      eventType: "reservation.accepted",
      resourceSid: second,
      resourceType: "Reservation",
      resourceUrl: `${base}/Tasks/${taskSid}/Reservations/${second}`,
      source: "Tasklane",
      sourceIpAddress: null,
      url: `${base}/Events/${event.sid}`,
      workspaceSid: r.wsSid,
      eventDateMs: t.clock?.now(),
    });
    expect(event.eventDate?.getTime()).toBe(t.clock?.now());
    expect(event.description).toBe(`Reservation ${second} accepted`);
    expect(event.eventData).toMatchObject({
      reservation_sid: second,
      worker_sid: workerSid,
      worker_name: "Alice",
    });
    const fetched = await r.ws.events(event.sid).fetch();
    expect(fetched.toJSON()).toEqual(event.toJSON());
  });

  it("snake_cases every callback field into event_data", async () => {
    const [update] = await r.ws.events.list({ eventType: "worker.activity.update", workerSid });
    expect(update?.eventData).toMatchObject({
      worker_time_in_previous_activity: 0,
      worker_time_in_previous_activity_ms: 0,
      worker_previous_activity_sid: r.activity("Offline"),
      worker_activity_name: "Available",
    });
  });

  it("filters by every TaskRouter filter", async () => {
    const types = async (params: Parameters<typeof r.ws.events.list>[0]) =>
      (await r.ws.events.list(params)).map((e) => e.eventType).reverse();
    expect(await types({ reservationSid: first })).toEqual(["reservation.created", "reservation.rejected"]);
    expect(await types({ eventType: "reservation.created" })).toEqual([
      "reservation.created",
      "reservation.created",
    ]);
    expect(await types({ workerSid, eventType: "reservation.accepted" })).toEqual(["reservation.accepted"]);
    expect(await types({ taskQueueSid: r.queueSid, eventType: "task-queue.entered" })).toHaveLength(2);
    expect(await types({ workflowSid: r.workflowSid, eventType: "task.completed" })).toEqual([
      "task.completed",
    ]);
    const channel = await r.ws.taskChannels("default").fetch();
    const byName = await types({ taskChannel: "default", taskSid });
    expect(byName).toHaveLength(13);
    expect(await types({ taskChannel: channel.sid, taskSid })).toEqual(byName);
    expect(await types({ taskChannel: "voice", taskSid })).toEqual([]);
    const [one] = await r.ws.events.list({ eventType: "task.created" });
    expect((await r.ws.events.list({ sid: one?.sid })).map((e) => e.sid)).toEqual([one?.sid]);
  });

  it("defaults to the last 15 minutes; Minutes, StartDate and EndDate move the window", async () => {
    const clock = t.clock;
    if (clock === undefined) throw new Error("simulated clock expected");
    const then = clock.now();
    expect((await r.ws.events.list({ taskSid })).length).toBe(13);
    await t.advance(16 * 60_000);
    expect(await r.ws.events.list({ taskSid })).toEqual([]);
    expect(await r.ws.events.list({ taskSid, minutes: 17 })).toHaveLength(13);
    expect(await r.ws.events.list({ taskSid, startDate: new Date(then - 1000) })).toHaveLength(13);
    expect(await r.ws.events.list({ taskSid, startDate: new Date(then + 1000) })).toEqual([]);
    expect(
      await r.ws.events.list({ taskSid, startDate: new Date(then - 60_000), endDate: new Date(then - 1000) }),
    ).toEqual([]);
    expect(await r.ws.events.list({ taskSid, endDate: new Date(then), minutes: 1 })).toHaveLength(13);
  });

  it("pages through next_page_url", async () => {
    const all = await r.ws.events.list({ minutes: 600 });
    const paged = await r.ws.events.list({ minutes: 600, pageSize: 4 });
    expect(paged.map((e) => e.sid)).toEqual(all.map((e) => e.sid));
    const page = await r.ws.events.page({ minutes: 600, pageSize: 4 });
    expect(page.instances).toHaveLength(4);
    expect(page.nextPageUrl).toContain("Minutes=600");
    const second = await page.nextPage();
    expect(second?.instances.map((e) => e.sid)).toEqual(all.slice(4, 8).map((e) => e.sid));
    const back = await second?.previousPage();
    expect(back?.instances.map((e) => e.sid)).toEqual(all.slice(0, 4).map((e) => e.sid));
  });

  it("reads one page from the store, not the whole window", async () => {
    const store = t.server.store;
    const original = store.queryEvents.bind(store);
    const limits: Array<number | undefined> = [];
    store.queryEvents = async (ws, filter, page) => {
      limits.push(page?.limit);
      return original(ws, filter, page);
    };
    try {
      await r.ws.events.page({ minutes: 600, pageSize: 4 });
    } finally {
      store.queryEvents = original;
    }
    expect(limits).toEqual([5]);
  });

  it("answers 404 for an unknown event and 400 for a bad filter", async () => {
    await expect(r.ws.events(`EV${"0".repeat(32)}`).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
    await expect(r.ws.events.list({ eventType: "task.exploded" })).rejects.toMatchObject({ status: 400 });
    await expect(r.ws.events.list({ taskSid: "nope" })).rejects.toMatchObject({ status: 400 });
  });

  it("prunes events older than the retention", async () => {
    const before = await t.server.store.queryEvents(r.wsSid, {});
    expect(before.length).toBeGreaterThan(0);
    await t.advance(31 * 86_400_000);
    if (t.clock === undefined) throw new Error("simulated clock expected");
    const retention = new EventRetention(t.server.store, t.clock, 30, () => {});
    const removed = await retention.prune();
    expect(removed).toBeGreaterThanOrEqual(before.length);
    expect(await t.server.store.queryEvents(r.wsSid, {})).toEqual([]);
  });
});

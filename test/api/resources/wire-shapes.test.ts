/**
 * Every resource renders exactly the response fields the OpenAPI spec lists for it (snake_case),
 * dates as second-precision ISO 8601 UTC, and JSON documents as strings. The expected key lists
 * are copied from the spec's component schemas (taskrouter.v1.workspace.*).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, startServer } from "./fixture.ts";
import { routingSetup } from "./routing-setup.ts";

const SPEC_FIELDS: Record<string, string[]> = {
  activity: [
    "account_sid",
    "available",
    "date_created",
    "date_updated",
    "friendly_name",
    "sid",
    "workspace_sid",
    "url",
    "links",
  ],
  task_channel: [
    "account_sid",
    "date_created",
    "date_updated",
    "friendly_name",
    "sid",
    "unique_name",
    "workspace_sid",
    "channel_optimized_routing",
    "url",
    "links",
  ],
  worker: [
    "account_sid",
    "activity_name",
    "activity_sid",
    "attributes",
    "available",
    "date_created",
    "date_status_changed",
    "date_updated",
    "friendly_name",
    "sid",
    "workspace_sid",
    "url",
    "links",
  ],
  worker_channel: [
    "account_sid",
    "assigned_tasks",
    "available",
    "available_capacity_percentage",
    "configured_capacity",
    "date_created",
    "date_updated",
    "sid",
    "task_channel_sid",
    "task_channel_unique_name",
    "worker_sid",
    "workspace_sid",
    "url",
  ],
  task_queue: [
    "account_sid",
    "assignment_activity_sid",
    "assignment_activity_name",
    "date_created",
    "date_updated",
    "friendly_name",
    "max_reserved_workers",
    "reservation_activity_sid",
    "reservation_activity_name",
    "sid",
    "target_workers",
    "task_order",
    "url",
    "workspace_sid",
    "links",
  ],
  workflow: [
    "account_sid",
    "assignment_callback_url",
    "configuration",
    "date_created",
    "date_updated",
    "document_content_type",
    "fallback_assignment_callback_url",
    "friendly_name",
    "sid",
    "task_reservation_timeout",
    "workspace_sid",
    "url",
    "links",
  ],
  task: [
    "account_sid",
    "age",
    "assignment_status",
    "attributes",
    "addons",
    "date_created",
    "date_updated",
    "task_queue_entered_date",
    "priority",
    "reason",
    "sid",
    "task_queue_sid",
    "task_queue_friendly_name",
    "task_channel_sid",
    "task_channel_unique_name",
    "timeout",
    "workflow_sid",
    "workflow_friendly_name",
    "workspace_sid",
    "url",
    "links",
    "virtual_start_time",
    "ignore_capacity",
    "routing_target",
  ],
  reservation: [
    "account_sid",
    "date_created",
    "date_updated",
    "reservation_status",
    "sid",
    "task_sid",
    "worker_name",
    "worker_sid",
    "workspace_sid",
    "url",
    "links",
  ],
};

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function expectShape(kind: string, json: Record<string, unknown>): void {
  expect(Object.keys(json).sort(), kind).toEqual([...(SPEC_FIELDS[kind] ?? [])].sort());
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith("date_") || key.endsWith("_date") || key === "virtual_start_time") {
      if (value !== null) expect(value, `${kind}.${key}`).toMatch(DATE);
    }
  }
}

describe("Response shapes match the spec", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("renders every resource with exactly the spec's fields", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const worker = await ws.workers.create({
      friendlyName: "w",
      attributes: '{"skills":["english","support"]}',
    });
    await ws.workers(worker.sid).update({ activitySid: setup.available });
    const task = await ws.tasks.create({ workflowSid: setup.workflowSid, attributes: '{"x":1}' });
    const [reservation] = await ws.tasks(task.sid).reservations.list();
    const path = (p: string) => `/v1/Workspaces/${wsSid}/${p}`;
    const get = async (p: string) => (await raw(t, "GET", path(p))).json;

    expectShape("activity", await get(`Activities/${setup.available}`));
    expectShape("task_channel", await get("TaskChannels/voice"));
    const w = await get(`Workers/${worker.sid}`);
    expectShape("worker", w);
    expect(typeof w.attributes).toBe("string");
    expectShape("worker_channel", await get(`Workers/${worker.sid}/Channels/voice`));
    expectShape("task_queue", await get(`TaskQueues/${setup.queueSid}`));
    const wf = await get(`Workflows/${setup.workflowSid}`);
    expectShape("workflow", wf);
    expect(typeof wf.configuration).toBe("string");
    const tk = await get(`Tasks/${task.sid}`);
    expectShape("task", tk);
    expect(tk.attributes).toBe('{"x":1}');
    expect(tk.task_queue_entered_date).toMatch(DATE);
    expectShape("reservation", await get(`Tasks/${task.sid}/Reservations/${reservation?.sid}`));
    expectShape("reservation", await get(`Workers/${worker.sid}/Reservations/${reservation?.sid}`));

    // Lists render the same shapes, with worker and task attributes hidden.
    const lists: Array<[string, string, string]> = [
      ["Activities", "activities", "activity"],
      ["TaskChannels", "channels", "task_channel"],
      ["Workers", "workers", "worker"],
      [`Workers/${worker.sid}/Channels`, "channels", "worker_channel"],
      ["TaskQueues", "task_queues", "task_queue"],
      ["Workflows", "workflows", "workflow"],
      ["Tasks", "tasks", "task"],
      [`Tasks/${task.sid}/Reservations`, "reservations", "reservation"],
      [`Workers/${worker.sid}/Reservations`, "reservations", "reservation"],
    ];
    for (const [p, key, kind] of lists) {
      const body = await get(p);
      const meta = body.meta as Record<string, unknown>;
      expect(meta.key, p).toBe(key);
      expect(meta.url, p).toBe(`${t.baseUrl}${path(p)}?PageSize=50&Page=0`);
      const items = body[key] as Array<Record<string, unknown>>;
      expect(items.length, p).toBeGreaterThan(0);
      for (const item of items) {
        expectShape(kind, item);
        if (kind === "worker" || kind === "task") expect(item.attributes, p).toBeNull();
      }
    }
  });
});

/**
 * Every statistics response carries exactly the fields the OpenAPI spec lists for its operation
 * (key lists copied from the spec's response schemas), and the nested `realtime` / `cumulative`
 * objects of the combined resources carry the fields of their stand-alone counterparts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const SPEC: Record<string, string[]> = {
  CreateTaskQueueBulkRealTimeStatistics: [
    "account_sid",
    "task_queue_data",
    "task_queue_response_count",
    "url",
    "workspace_sid",
  ],
  FetchTaskQueueCumulativeStatistics: [
    "account_sid",
    "avg_task_acceptance_time",
    "end_time",
    "reservations_accepted",
    "reservations_canceled",
    "reservations_created",
    "reservations_rejected",
    "reservations_rescinded",
    "reservations_timed_out",
    "split_by_wait_time",
    "start_time",
    "task_queue_sid",
    "tasks_canceled",
    "tasks_completed",
    "tasks_deleted",
    "tasks_entered",
    "tasks_moved",
    "url",
    "wait_duration_in_queue_until_accepted",
    "wait_duration_until_accepted",
    "wait_duration_until_canceled",
    "workspace_sid",
  ],
  FetchTaskQueueRealTimeStatistics: [
    "account_sid",
    "activity_statistics",
    "longest_relative_task_age_in_queue",
    "longest_relative_task_sid_in_queue",
    "longest_task_waiting_age",
    "longest_task_waiting_sid",
    "task_queue_sid",
    "tasks_by_priority",
    "tasks_by_status",
    "total_available_workers",
    "total_eligible_workers",
    "total_tasks",
    "url",
    "workspace_sid",
  ],
  FetchTaskQueueStatistics: [
    "account_sid",
    "cumulative",
    "realtime",
    "task_queue_sid",
    "url",
    "workspace_sid",
  ],
  FetchWorkerInstanceStatistics: ["account_sid", "cumulative", "url", "worker_sid", "workspace_sid"],
  FetchWorkerStatistics: ["account_sid", "cumulative", "realtime", "url", "workspace_sid"],
  FetchWorkersCumulativeStatistics: [
    "account_sid",
    "activity_durations",
    "end_time",
    "reservations_accepted",
    "reservations_canceled",
    "reservations_created",
    "reservations_rejected",
    "reservations_rescinded",
    "reservations_timed_out",
    "start_time",
    "url",
    "workspace_sid",
  ],
  FetchWorkersRealTimeStatistics: [
    "account_sid",
    "activity_statistics",
    "total_workers",
    "url",
    "workspace_sid",
  ],
  FetchWorkflowCumulativeStatistics: [
    "account_sid",
    "avg_task_acceptance_time",
    "end_time",
    "reservations_accepted",
    "reservations_canceled",
    "reservations_created",
    "reservations_rejected",
    "reservations_rescinded",
    "reservations_timed_out",
    "split_by_wait_time",
    "start_time",
    "tasks_canceled",
    "tasks_completed",
    "tasks_deleted",
    "tasks_entered",
    "tasks_moved",
    "tasks_timed_out_in_workflow",
    "url",
    "wait_duration_until_accepted",
    "wait_duration_until_canceled",
    "workflow_sid",
    "workspace_sid",
  ],
  FetchWorkflowRealTimeStatistics: [
    "account_sid",
    "longest_task_waiting_age",
    "longest_task_waiting_sid",
    "tasks_by_priority",
    "tasks_by_status",
    "total_tasks",
    "url",
    "workflow_sid",
    "workspace_sid",
  ],
  FetchWorkflowStatistics: ["account_sid", "cumulative", "realtime", "url", "workflow_sid", "workspace_sid"],
  FetchWorkspaceCumulativeStatistics: [
    "account_sid",
    "avg_task_acceptance_time",
    "end_time",
    "reservations_accepted",
    "reservations_canceled",
    "reservations_created",
    "reservations_rejected",
    "reservations_rescinded",
    "reservations_timed_out",
    "split_by_wait_time",
    "start_time",
    "tasks_canceled",
    "tasks_completed",
    "tasks_created",
    "tasks_deleted",
    "tasks_moved",
    "tasks_timed_out_in_workflow",
    "url",
    "wait_duration_until_accepted",
    "wait_duration_until_canceled",
    "workspace_sid",
  ],
  FetchWorkspaceRealTimeStatistics: [
    "account_sid",
    "activity_statistics",
    "longest_task_waiting_age",
    "longest_task_waiting_sid",
    "tasks_by_priority",
    "tasks_by_status",
    "total_tasks",
    "total_workers",
    "url",
    "workspace_sid",
  ],
  FetchWorkspaceStatistics: ["account_sid", "cumulative", "realtime", "url", "workspace_sid"],
  ListTaskQueuesStatistics: ["account_sid", "cumulative", "realtime", "task_queue_sid", "workspace_sid"],
};

const strip = (keys: string[], drop: string[]) => keys.filter((k) => !drop.includes(k)).sort();
const IDS = ["account_sid", "workspace_sid", "url", "task_queue_sid", "workflow_sid", "worker_sid"];

let t: TestServer;
let base: string;
let auth: string;
let queue: string;
let workflow: string;
let worker: string;

async function get(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.baseUrl}${base}${path}`, {
    ...init,
    headers: { authorization: auth, ...(init.headers ?? {}) },
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const keys = (o: unknown) => Object.keys(o as object).sort();

beforeAll(async () => {
  t = await startTestServer({ database: "memory", clock: new SimulatedClock() });
  auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
  const ws = await t.client.taskrouter.v1.workspaces.create({ friendlyName: "shapes" });
  base = `/v1/Workspaces/${ws.sid}`;
  const api = t.client.taskrouter.v1.workspaces(ws.sid);
  queue = (await api.taskQueues.create({ friendlyName: "q", targetWorkers: "1==1" })).sid;
  workflow = (
    await api.workflows.create({
      friendlyName: "wf",
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue } } }),
    })
  ).sid;
  worker = (await api.workers.create({ friendlyName: "w" })).sid;
  await api.tasks.create({ workflowSid: workflow, attributes: "{}" });
});

afterAll(async () => {
  await t.close();
});

describe("statistics wire shapes follow the spec", () => {
  it("stand-alone resources", async () => {
    const cases: Array<[string, string]> = [
      ["FetchWorkspaceRealTimeStatistics", "/RealTimeStatistics"],
      ["FetchWorkspaceCumulativeStatistics", "/CumulativeStatistics"],
      ["FetchTaskQueueRealTimeStatistics", `/TaskQueues/${queue}/RealTimeStatistics`],
      ["FetchTaskQueueCumulativeStatistics", `/TaskQueues/${queue}/CumulativeStatistics`],
      ["FetchWorkersRealTimeStatistics", "/Workers/RealTimeStatistics"],
      ["FetchWorkersCumulativeStatistics", "/Workers/CumulativeStatistics"],
      ["FetchWorkflowRealTimeStatistics", `/Workflows/${workflow}/RealTimeStatistics`],
      ["FetchWorkflowCumulativeStatistics", `/Workflows/${workflow}/CumulativeStatistics`],
    ];
    for (const [op, path] of cases) expect(keys(await get(path)), op).toEqual(SPEC[op]);
  });

  it("combined resources nest the stand-alone fields", async () => {
    const cases: Array<[string, string, string | null, string]> = [
      [
        "FetchWorkspaceStatistics",
        "/Statistics",
        "FetchWorkspaceRealTimeStatistics",
        "FetchWorkspaceCumulativeStatistics",
      ],
      [
        "FetchTaskQueueStatistics",
        `/TaskQueues/${queue}/Statistics`,
        "FetchTaskQueueRealTimeStatistics",
        "FetchTaskQueueCumulativeStatistics",
      ],
      [
        "FetchWorkflowStatistics",
        `/Workflows/${workflow}/Statistics`,
        "FetchWorkflowRealTimeStatistics",
        "FetchWorkflowCumulativeStatistics",
      ],
      [
        "FetchWorkerStatistics",
        "/Workers/Statistics",
        "FetchWorkersRealTimeStatistics",
        "FetchWorkersCumulativeStatistics",
      ],
      [
        "FetchWorkerInstanceStatistics",
        `/Workers/${worker}/Statistics`,
        null,
        "FetchWorkersCumulativeStatistics",
      ],
    ];
    for (const [op, path, rt, cum] of cases) {
      const body = await get(path);
      expect(keys(body), op).toEqual(SPEC[op]);
      if (rt) expect(keys(body.realtime), `${op}.realtime`).toEqual(strip(SPEC[rt] ?? [], IDS));
      expect(keys(body.cumulative), `${op}.cumulative`).toEqual(strip(SPEC[cum] ?? [], IDS));
    }
  });

  it("list and bulk", async () => {
    const list = await get("/TaskQueues/Statistics");
    const items = list.task_queues_statistics as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(keys(item)).toEqual(SPEC.ListTaskQueuesStatistics);
    expect((list.meta as { key: string }).key).toBe("task_queues_statistics");
    const bulk = await get("/TaskQueues/RealTimeStatistics", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ task_queue_sid: queue }]),
    });
    expect(keys(bulk)).toEqual(SPEC.CreateTaskQueueBulkRealTimeStatistics);
    const [data] = bulk.task_queue_data as Array<Record<string, unknown>>;
    expect(keys(data)).toEqual(
      [
        "task_queue_sid",
        "total_available_workers",
        "total_eligible_workers",
        "total_tasks",
        "longest_task_waiting_age",
        "longest_task_waiting_sid",
        "tasks_by_status",
        "tasks_by_priority",
        "activity_statistics",
      ].sort(),
    );
  });
});

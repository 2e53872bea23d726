/** The README's first example, run as written (only the base URL and credentials differ). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ database: "memory" });
});
afterAll(() => t.close());

it("creates a workspace, a worker and a task, and the task reserves the worker", async () => {
  const taskrouter = t.client.taskrouter.v1;
  const workspace = await taskrouter.workspaces.create({ friendlyName: "Support" });
  const ws = taskrouter.workspaces(workspace.sid);

  const queue = await ws.taskQueues.create({ friendlyName: "English", targetWorkers: 'languages HAS "en"' });
  const workflow = await ws.workflows.create({
    friendlyName: "Support",
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
  });
  const [available] = await ws.activities.list({ friendlyName: "Available" });
  await ws.workers.create({
    friendlyName: "alice",
    attributes: JSON.stringify({ languages: ["en"] }),
    activitySid: available?.sid ?? "",
  });

  const task = await ws.tasks.create({
    workflowSid: workflow.sid,
    attributes: JSON.stringify({ type: "support" }),
  });
  const [reservation] = await ws.tasks(task.sid).reservations.list();
  expect([reservation?.workerName, reservation?.reservationStatus]).toEqual(["alice", "pending"]);
});

/**
 * The REST layer on PostgreSQL, one node, through the official twilio SDK: the README's first example,
 * the Events API (SQL event query), API keys, then a second start on the same schema that restores
 * everything. The schema is created for this file and dropped at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../../src/store/postgres/postgres-store.ts";
import { createTestSchema, postgres, type TestSchema } from "../contract/postgres-harness.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const ACCOUNT = { TASKLANE_ACCOUNT_SID: `AC${"d".repeat(32)}`, TASKLANE_AUTH_TOKEN: "p".repeat(32) };

describe.runIf(postgres.available)("REST API on PostgreSQL", () => {
  let schema: TestSchema;
  let t: TestServer;
  const start = () => startTestServer({ store: new PostgresStore(schema.target), env: ACCOUNT });

  beforeAll(async () => {
    schema = await createTestSchema("api");
    t = await start();
  });
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  });

  it("runs the README example: the task reserves the worker", async () => {
    const taskrouter = t.client.taskrouter.v1;
    const workspace = await taskrouter.workspaces.create({ friendlyName: "Support" });
    const ws = taskrouter.workspaces(workspace.sid);
    const queue = await ws.taskQueues.create({
      friendlyName: "English",
      targetWorkers: 'languages HAS "en"',
    });
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

    // The Events API runs its filters as SQL on this adapter.
    const events = await ws.events.list({ taskSid: task.sid });
    expect(events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(["task.created", "reservation.created"]),
    );
    expect(await ws.events.list({ eventType: "worker.created" })).toHaveLength(1);

    // Restart on the same schema: everything is restored from PostgreSQL.
    await t.close();
    t = await start();
    const again = t.client.taskrouter.v1.workspaces(workspace.sid);
    expect((await again.fetch()).friendlyName).toBe("Support");
    const [restored] = await again.tasks(task.sid).reservations.list();
    expect([restored?.sid, restored?.reservationStatus]).toEqual([reservation?.sid, "pending"]);
    await again
      .workers(restored?.workerSid ?? "")
      .reservations(restored?.sid ?? "")
      .update({
        reservationStatus: "accepted",
      });
    expect((await again.tasks(task.sid).fetch()).assignmentStatus).toBe("assigned");
  });

  it("answers /healthz with 200 on the active node", async () => {
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
  });
});

/**
 * Issue 10 item 3, through real HTTP and the official SDK, on SQLite and PostgreSQL: a task whose
 * attributes hold a lone UTF-16 surrogate (the JSON escape "\ud800") is stored and read back exactly,
 * and the 40 writes another workspace makes at the same time all succeed. Before the fix, PostgreSQL's
 * jsonb refused the escape and failed the whole group commit: most of the other workspace's writes
 * answered 500.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { createTestSchema, postgres, type TestSchema } from "./postgres-harness.ts";

const ATTRIBUTES = '{"note":"\\ud800 lone","pair":"\\ud83d\\ude00","low":"x\\udfff"}';

async function scenario(t: TestServer): Promise<void> {
  const taskrouter = t.client.taskrouter.v1;
  const [a, b] = await Promise.all([
    taskrouter.workspaces.create({ friendlyName: "with the odd task" }),
    taskrouter.workspaces.create({ friendlyName: "busy neighbour" }),
  ]);
  const wsA = taskrouter.workspaces(a.sid);
  const wsB = taskrouter.workspaces(b.sid);
  const workflowOf = async (ws: typeof wsA) => {
    const queue = await ws.taskQueues.create({ friendlyName: "all", targetWorkers: "1==1" });
    const configuration = { task_routing: { filters: [], default_filter: { queue: queue.sid } } };
    return (await ws.workflows.create({ friendlyName: "all", configuration: JSON.stringify(configuration) }))
      .sid;
  };
  const [workflowA, workflowB] = await Promise.all([workflowOf(wsA), workflowOf(wsB)]);
  const statuses = (writes: Array<Promise<unknown>>) =>
    Promise.all(
      writes.map((w) =>
        w.then(
          () => 200,
          (e: { status?: number }) => e.status ?? -1,
        ),
      ),
    );

  let oddSid = "";
  const odd = wsA.tasks.create({ workflowSid: workflowA, attributes: ATTRIBUTES }).then((task) => {
    oddSid = task.sid;
    return task;
  });
  const neighbour = Array.from({ length: 40 }, (_, i) =>
    i % 2 === 0
      ? wsB.tasks.create({ workflowSid: workflowB, attributes: JSON.stringify({ n: i }) })
      : wsB.update({ friendlyName: `busy neighbour ${i}` }),
  );
  const [oddStatus, ...others] = await statuses([odd, ...neighbour]);
  expect(others).toEqual(others.map(() => 200));
  expect(oddStatus).toBe(200);

  const fetched = await wsA.tasks(oddSid).fetch();
  expect(JSON.parse(fetched.attributes)).toEqual(JSON.parse(ATTRIBUTES));
  // Still exact after a restart, i.e. as the store holds it.
  await t.restart();
  const again = await t.client.taskrouter.v1.workspaces(a.sid).tasks(oddSid).fetch();
  expect(JSON.parse(again.attributes)).toEqual(JSON.parse(ATTRIBUTES));
  expect(await t.client.taskrouter.v1.workspaces(b.sid).tasks.list()).toHaveLength(20);
}

describe("a lone UTF-16 surrogate in one request", () => {
  let t: TestServer | undefined;
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await t?.close();
    await schema?.drop();
    t = undefined;
    schema = undefined;
  });

  it("is stored as given and fails none of another workspace's writes (SQLite)", async () => {
    t = await startTestServer();
    await scenario(t);
  });

  it.runIf(postgres.available)(
    "is stored as given and fails none of another workspace's writes (PostgreSQL)",
    async () => {
      schema = await createTestSchema("surrogate");
      t = await startTestServer({ env: { DATABASE_URL: schema.url } });
      await scenario(t);
    },
  );
});

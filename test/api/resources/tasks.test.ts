import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer } from "./fixture.ts";
import { routingSetup } from "./routing-setup.ts";

describe("Tasks", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("runs the seed's task samples unchanged (create, fetch, update attributes, complete, cancel)", async () => {
    const { ws: workspace } = await newWorkspace(t);
    const setup = await routingSetup(workspace);
    const context = { TWILIO_TASKROUTER_WORKFLOW_SID: setup.workflowSid };
    const event = { CallSid: "CA00000000000000000000000000000001" };
    const created = await workspace.tasks.create({
      workflowSid: context.TWILIO_TASKROUTER_WORKFLOW_SID,
      attributes: JSON.stringify({
        type: "support",
        language: "english",
        priority: 1,
        customerId: "cust-123",
        callSid: event.CallSid,
      }),
      timeout: 3600,
    });
    expect(created.sid).toMatch(/^WT[0-9a-f]{32}$/);
    expect(created.assignmentStatus).toBe("pending");
    expect(created.timeout).toBe(3600);
    expect(created.taskQueueSid).toBe(setup.queueSid);
    expect(created.taskQueueFriendlyName).toBe("English Support");
    expect(created.workflowFriendlyName).toBe("Support");
    expect(created.taskChannelUniqueName).toBe("default");

    const taskSid = created.sid;
    const task = await workspace.tasks(taskSid).fetch();
    await workspace.tasks(taskSid).update({
      attributes: JSON.stringify({
        ...JSON.parse(task.attributes),
        priority: 2,
      }),
    });
    expect(JSON.parse((await workspace.tasks(taskSid).fetch()).attributes).priority).toBe(2);

    const canceled = await workspace.tasks(taskSid).update({
      assignmentStatus: "canceled",
      reason: "customer_hangup",
    });
    expect(canceled.assignmentStatus).toBe("canceled");
    expect(canceled.reason).toBe("customer_hangup");

    // "Complete task" needs an assigned task: see reservations.test.ts for the full path; here the
    // engine refuses completing a pending one with a 400.
    const pending = await workspace.tasks.create({ workflowSid: setup.workflowSid, attributes: "{}" });
    const refused = await rejection(() =>
      workspace.tasks(pending.sid).update({ assignmentStatus: "completed", reason: "resolved" }),
    );
    expect(refused.status).toBe(400);
  });

  it("renders the wire fields: age from the clock, links, ETag, null attributes in lists", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const task = await ws.tasks.create({
      workflowSid: setup.workflowSid,
      attributes: '{"a":1}',
      priority: 5,
    });
    t.clock?.advance(42_000);
    const fetched = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Tasks/${task.sid}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json.age).toBe(42);
    expect(fetched.json.attributes).toBe('{"a":1}');
    expect(fetched.json.priority).toBe(5);
    expect(fetched.headers.get("etag")).toMatch(/^"\d+"$/);
    const base = `${t.baseUrl}/v1/Workspaces/${wsSid}`;
    expect(fetched.json.links).toEqual({
      task_queue: `${base}/TaskQueues/${setup.queueSid}`,
      workflow: `${base}/Workflows/${setup.workflowSid}`,
      workspace: base,
      reservations: `${base}/Tasks/${task.sid}/Reservations`,
    });
    expect(fetched.json.virtual_start_time).toBe(fetched.json.date_created);

    const list = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Tasks`);
    expect(list.headers.get("etag")).toMatch(/^"\d+"$/);
    const [first] = list.json.tasks as Array<Record<string, unknown>>;
    expect(first?.attributes).toBeNull();
    expect(first?.sid).toBe(task.sid);
  });

  it("filters and orders the list", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const low = await ws.tasks.create({
      workflowSid: setup.workflowSid,
      attributes: '{"tier":"silver"}',
      priority: 1,
    });
    t.clock?.advance(1000);
    const high = await ws.tasks.create({
      workflowSid: setup.workflowSid,
      attributes: '{"tier":"gold"}',
      priority: 9,
    });
    t.clock?.advance(1000);
    const gone = await ws.tasks.create({ workflowSid: setup.workflowSid, attributes: "{}", priority: 9 });
    await ws.tasks(gone.sid).update({ assignmentStatus: "canceled", reason: "test" });
    const sids = (list: { sid: string }[]) => list.map((x) => x.sid);

    expect(sids(await ws.tasks.list({ priority: 9 }))).toEqual([high.sid, gone.sid]);
    expect(sids(await ws.tasks.list({ assignmentStatus: ["pending"] }))).toEqual([low.sid, high.sid]);
    expect(sids(await ws.tasks.list({ assignmentStatus: ["pending", "canceled"] }))).toEqual([
      low.sid,
      high.sid,
      gone.sid,
    ]);
    expect(sids(await ws.tasks.list({ workflowSid: setup.workflowSid }))).toHaveLength(3);
    expect(sids(await ws.tasks.list({ workflowName: "Support" }))).toHaveLength(3);
    expect(sids(await ws.tasks.list({ workflowName: "Nope" }))).toEqual([]);
    expect(
      sids(await ws.tasks.list({ taskQueueSid: setup.queueSid, assignmentStatus: ["pending"] })),
    ).toEqual([low.sid, high.sid]);
    expect(sids(await ws.tasks.list({ taskQueueName: "English Support", priority: 1 }))).toEqual([low.sid]);
    expect(sids(await ws.tasks.list({ evaluateTaskAttributes: "tier == 'gold'" }))).toEqual([high.sid]);
    expect(sids(await ws.tasks.list({ hasAddons: true }))).toEqual([]);
    expect(sids(await ws.tasks.list({ ordering: "Priority:desc,DateCreated:asc" }))).toEqual([
      high.sid,
      gone.sid,
      low.sid,
    ]);
    expect(sids(await ws.tasks.list({ ordering: "DateCreated:desc" }))).toEqual([
      gone.sid,
      high.sid,
      low.sid,
    ]);
    expect(sids(await ws.tasks.list({ ordering: "VirtualStartTime:desc" }))).toEqual([
      gone.sid,
      high.sid,
      low.sid,
    ]);
  });

  it("pages with each()", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await ws.tasks.create({ workflowSid: setup.workflowSid })).sid);
    const seen: string[] = [];
    await ws.tasks.each({ pageSize: 2 }, (task) => {
      seen.push(task.sid);
    });
    expect(seen).toEqual(created);
  });

  it("honours If-Match on update and delete", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const task = await ws.tasks.create({ workflowSid: setup.workflowSid });
    expect(
      (await rejection(() => ws.tasks(task.sid).update({ priority: 3, ifMatch: '"12345"' }))).status,
    ).toBe(412);
    expect((await rejection(() => ws.tasks(task.sid).remove({ ifMatch: '"12345"' }))).status).toBe(412);
    expect(await ws.tasks(task.sid).remove()).toBe(true);
    expect((await rejection(() => ws.tasks(task.sid).fetch())).status).toBe(404);
  });

  it("validates parameters with errors naming them", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const wf = setup.workflowSid;
    const future = new Date(Date.UTC(2100, 0, 1));
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => ws.tasks.create({ workflowSid: wf, attributes: "nope" }), "Attributes"],
      [() => ws.tasks.create({ workflowSid: wf, attributes: { a: 1 } as unknown as string }), "Attributes"],
      [() => ws.tasks.create({ workflowSid: wf, priority: -1 }), "Priority"],
      [() => ws.tasks.create({ workflowSid: wf, timeout: 1_209_601 }), "Timeout"],
      [() => ws.tasks.create({ workflowSid: "WQ00000000000000000000000000000001" }), "WorkflowSid"],
      [
        () => ws.tasks.create({ workflowSid: wf, taskQueueSid: "WW00000000000000000000000000000001" }),
        "TaskQueueSid",
      ],
      [
        () => ws.tasks.create({ workflowSid: wf, routingTarget: "WA00000000000000000000000000000001" }),
        "RoutingTarget",
      ],
      [() => ws.tasks.create({ workflowSid: wf, virtualStartTime: future }), "VirtualStartTime"],
      [() => ws.tasks.list({ assignmentStatus: ["lost"] }), "AssignmentStatus"],
      [() => ws.tasks.list({ ordering: "DateCreated:asc,VirtualStartTime:desc" }), "Ordering"],
      [() => ws.tasks.list({ ordering: "Age:asc" }), "Ordering"],
      [() => ws.tasks.list({ evaluateTaskAttributes: "a ==" }), "EvaluateTaskAttributes"],
    ];
    for (const [call, name] of cases) {
      const error = await rejection(call);
      expect(error.status, name).toBe(400);
      expect(error.code, name).toBe(20001);
      expect(error.message, name).toContain(name);
    }
    const task = await ws.tasks.create({ workflowSid: wf });
    const badStatus = await rejection(() =>
      ws.tasks(task.sid).update({ assignmentStatus: "done" as "completed" }),
    );
    expect(badStatus.status).toBe(400);
    expect(badStatus.message).toContain("AssignmentStatus");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer } from "./fixture.ts";

describe("Workflows", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  function configuration(queueSid: string): string {
    return JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queueSid } } });
  }

  it("creates, fetches, updates, lists and removes", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const q = await ws.taskQueues.create({ friendlyName: "q" });
    const config = configuration(q.sid);
    const wf = await ws.workflows.create({
      friendlyName: "wf",
      configuration: config,
      assignmentCallbackUrl: "http://example.com/assign",
      taskReservationTimeout: 30,
    });
    expect(wf.sid).toMatch(/^WW[0-9a-f]{32}$/);
    expect(wf.configuration).toBe(config);
    expect(wf.assignmentCallbackUrl).toBe("http://example.com/assign");
    expect(wf.taskReservationTimeout).toBe(30);
    expect(wf.documentContentType).toBe("application/json");
    const base = `${t.baseUrl}/v1/Workspaces/${wsSid}/Workflows/${wf.sid}`;
    expect(wf.links).toEqual({
      statistics: `${base}/Statistics`,
      real_time_statistics: `${base}/RealTimeStatistics`,
      cumulative_statistics: `${base}/CumulativeStatistics`,
    });

    const updated = await ws.workflows(wf.sid).update({
      friendlyName: "wf2",
      fallbackAssignmentCallbackUrl: "https://example.com/fallback",
      reEvaluateTasks: "true",
    });
    expect(updated.friendlyName).toBe("wf2");
    expect(updated.fallbackAssignmentCallbackUrl).toBe("https://example.com/fallback");
    expect((await ws.workflows(wf.sid).fetch()).friendlyName).toBe("wf2");

    await ws.workflows.create({ friendlyName: "other", configuration: config });
    expect((await ws.workflows.list({ friendlyName: "wf2" })).map((w) => w.sid)).toEqual([wf.sid]);
    expect(await ws.workflows.list()).toHaveLength(2);

    const cleared = await raw(t, "POST", `/v1/Workspaces/${wsSid}/Workflows/${wf.sid}`, {
      form: "AssignmentCallbackUrl=",
    });
    expect(cleared.json.assignment_callback_url).toBeNull();

    expect(await ws.workflows(wf.sid).remove()).toBe(true);
    expect((await rejection(() => ws.workflows(wf.sid).fetch())).status).toBe(404);
  });

  it("validates parameters", async () => {
    const { ws } = await newWorkspace(t);
    const q = await ws.taskQueues.create({ friendlyName: "q" });
    const config = configuration(q.sid);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => ws.workflows.create({ friendlyName: "wf", configuration: "" }), "Configuration"],
      [() => ws.workflows.create({ friendlyName: "wf", configuration: "{oops" }), "Configuration"],
      [
        () =>
          ws.workflows.create({
            friendlyName: "wf",
            configuration: config,
            assignmentCallbackUrl: "not a url",
          }),
        "AssignmentCallbackUrl",
      ],
      [
        () =>
          ws.workflows.create({ friendlyName: "wf", configuration: config, taskReservationTimeout: 86_401 }),
        "TaskReservationTimeout",
      ],
    ];
    for (const [call, name] of cases) {
      const error = await rejection(call);
      expect(error.status, name).toBe(400);
      expect(error.message, name).toContain(name);
    }
  });
});

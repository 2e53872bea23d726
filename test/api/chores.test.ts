/**
 * The server-side chores (docs/operations.md) through real HTTP: the settings as raw form parameters
 * (the official SDK sends only TaskRouter's), everything else with the official `twilio` SDK, and
 * the simulated clock moved forward to fire the chores' timers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { raw } from "./resources/fixture.ts";

const form = (values: Record<string, string>) => new URLSearchParams(values).toString();

describe("chores done server-side", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ clock: new SimulatedClock() });
  });
  afterAll(() => t.close());

  /** A workspace with one queue for everyone, a workflow and one available worker. */
  async function contactCentre(name: string) {
    const tr = t.client.taskrouter.v1;
    const created = await tr.workspaces.create({ friendlyName: name });
    const ws = tr.workspaces(created.sid);
    const activities = await ws.activities.list();
    const available = activities.find((a) => a.friendlyName === "Available")?.sid ?? "";
    const queue = await ws.taskQueues.create({ friendlyName: "Everyone", targetWorkers: "1==1" });
    const workflow = await ws.workflows.create({
      friendlyName: "Route",
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
    const worker = await ws.workers.create({ friendlyName: "alice", activitySid: available });
    const task = async (channel: string) =>
      (await ws.tasks.create({ workflowSid: workflow.sid, taskChannel: channel, attributes: "{}" })).sid;
    const accept = async (taskSid: string) => {
      const [reservation] = await ws.tasks(taskSid).reservations.list({ reservationStatus: "pending" });
      await ws
        .tasks(taskSid)
        .reservations(reservation?.sid ?? "")
        .update({ reservationStatus: "accepted" });
    };
    return { wsSid: created.sid, ws, queue, workflow, worker, task, accept };
  }

  it("is off by default: TaskRouter's resources carry no tasklane_ field", async () => {
    const c = await contactCentre("chores off");
    const channel = await raw(t, "GET", `/v1/Workspaces/${c.wsSid}/TaskChannels/voice`);
    const workspace = await raw(t, "GET", `/v1/Workspaces/${c.wsSid}`);
    for (const body of [channel.json, workspace.json])
      expect(Object.keys(body).filter((k) => k.startsWith("tasklane"))).toEqual([]);
    const settings = await raw(t, "GET", `/tasklane/v1/Workspaces/${c.wsSid}/Settings`);
    expect(settings.json).toMatchObject({
      tasklane_max_assigned: null,
      tasklane_max_assigned_action: "flag",
      tasklane_channel_rules: null,
    });
  });

  it("wrap-up limit: a wrapping voice task is completed by the server when the limit passes", async () => {
    const c = await contactCentre("wrap-up");
    const set = await raw(t, "POST", `/v1/Workspaces/${c.wsSid}/TaskChannels/voice`, {
      form: form({ TasklaneWrapUpLimit: "60" }),
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ unique_name: "voice", tasklane_wrap_up_limit: 60 });
    // The SDK still reads the channel (unknown fields are ignored).
    expect((await c.ws.taskChannels("voice").fetch()).uniqueName).toBe("voice");
    const created = await raw(t, "POST", `/v1/Workspaces/${c.wsSid}/TaskChannels`, {
      form: form({ FriendlyName: "Email", UniqueName: "email", TasklaneWrapUpLimit: "300" }),
    });
    expect(created).toMatchObject({ status: 201, json: { tasklane_wrap_up_limit: 300 } });

    const taskSid = await c.task("voice");
    await c.accept(taskSid);
    await c.ws.tasks(taskSid).update({ assignmentStatus: "wrapping" });
    await t.advance(59_000);
    expect((await c.ws.tasks(taskSid).fetch()).assignmentStatus).toBe("wrapping");
    await t.advance(1_000);
    const done = await c.ws.tasks(taskSid).fetch();
    expect(done).toMatchObject({ assignmentStatus: "completed", reason: "Wrap-up Limit Exceeded" });
    const [completed] = await c.ws.events.list({ taskSid, eventType: "task.completed" });
    expect(completed?.eventData).toMatchObject({ task_completed_reason: "Wrap-up Limit Exceeded" });
    // The worker's capacity came back with the completion.
    expect(
      (await c.ws.workers(c.worker.sid).workerChannels("voice").fetch()).availableCapacityPercentage,
    ).toBe(100);

    const cleared = await raw(t, "POST", `/v1/Workspaces/${c.wsSid}/TaskChannels/voice`, {
      form: form({ TasklaneWrapUpLimit: "" }),
    });
    expect(cleared.json.tasklane_wrap_up_limit).toBeUndefined();
  });

  it("maximum assigned time: task.assigned-overdue, then completed; survives a restart", async () => {
    const c = await contactCentre("max assigned");
    const set = await raw(t, "POST", `/tasklane/v1/Workspaces/${c.wsSid}/Settings`, {
      form: form({ TasklaneMaxAssigned: "3600", TasklaneMaxAssignedAction: "complete" }),
    });
    expect(set.json).toMatchObject({ tasklane_max_assigned: 3600, tasklane_max_assigned_action: "complete" });
    const workspace = await raw(t, "GET", `/v1/Workspaces/${c.wsSid}`);
    expect(workspace.json).toMatchObject({
      tasklane_max_assigned: 3600,
      tasklane_max_assigned_action: "complete",
    });
    // The new event type is one EventsFilter accepts.
    await c.ws.update({ eventsFilter: "task.assigned-overdue,task.completed" });

    const taskSid = await c.task("chat");
    await c.accept(taskSid);
    await t.advance(1_800_000);
    await t.restart();
    await t.advance(1_800_000);
    const ws = t.client.taskrouter.v1.workspaces(c.wsSid);
    expect(await ws.tasks(taskSid).fetch()).toMatchObject({
      assignmentStatus: "completed",
      reason: "Max Assigned Time Exceeded",
    });
    const [overdue] = await ws.events.list({ taskSid, eventType: "task.assigned-overdue" });
    expect(overdue).toMatchObject({ resourceType: "Task", resourceSid: taskSid });
    expect(overdue?.eventData).toMatchObject({
      task_assignment_status: "assigned",
      tasklane_max_assigned: 3600,
      tasklane_assigned_seconds: 3600,
      tasklane_action: "complete",
    });
  });

  it("cross-channel rules: no voice while a chat is held, set through UpdateWorkspace", async () => {
    const c = await contactCentre("rules");
    const rules = JSON.stringify([{ while: "chat", block: ["voice"] }]);
    const set = await raw(t, "POST", `/v1/Workspaces/${c.wsSid}`, {
      form: form({ TasklaneChannelRules: rules }),
    });
    expect(set).toMatchObject({ status: 200, json: { tasklane_channel_rules: rules } });
    const chat = await c.task("chat");
    const voice = await c.task("voice");
    expect(await c.ws.tasks(voice).reservations.list()).toHaveLength(0);
    const voiceChannel = await c.ws.workers(c.worker.sid).workerChannels("voice").fetch();
    expect(voiceChannel.available).toBe(false);
    const explanation = await raw(t, "GET", `/tasklane/v1/Workspaces/${c.wsSid}/Tasks/${voice}/Explanation`);
    expect(JSON.stringify(explanation.json)).toContain("channel_rule");
    await c.ws.tasks(chat).update({ assignmentStatus: "canceled", reason: "customer left" });
    const [offered] = await c.ws.tasks(voice).reservations.list();
    expect(offered?.workerSid).toBe(c.worker.sid);
    // A channel named by a rule cannot be deleted.
    await expect(c.ws.taskChannels("voice").remove()).rejects.toMatchObject({ status: 409 });
  });

  it("position: the task's place in its queue and an estimate from the queue's recent history", async () => {
    const c = await contactCentre("position");
    await c.ws
      .workers(c.worker.sid)
      .update({ activitySid: (await c.ws.activities.list()).find((a) => a.friendlyName === "Offline")?.sid });
    const first = await c.task("voice");
    await t.advance(10_000);
    const second = await c.task("voice");
    await t.advance(1_000);
    const third = await c.task("voice");
    const path = (sid: string) => `/tasklane/v1/Workspaces/${c.wsSid}/Tasks/${sid}/Position`;
    const quiet = await raw(t, "GET", path(third));
    expect(quiet.json).toMatchObject({
      task_sid: third,
      assignment_status: "pending",
      task_queue_sid: c.queue.sid,
      task_queue_name: "Everyone",
      task_channel_unique_name: "voice",
      position: 3,
      tasks_ahead: 2,
      tasks_waiting: 3,
      estimated_wait_seconds: null,
      estimate: { minutes: 15, accepted: 0, seconds_per_acceptance: null, average_wait_seconds: null },
    });
    // History: the worker comes back and handles the first task after 40 s in the queue.
    await t.advance(29_000);
    const available = (await c.ws.activities.list()).find((a) => a.friendlyName === "Available")?.sid;
    await c.ws.workers(c.worker.sid).update({ activitySid: available });
    await c.accept(first);
    const estimated = await raw(t, "GET", `${path(third)}?Minutes=10`);
    expect(estimated.json).toMatchObject({
      position: 2,
      tasks_ahead: 1,
      estimated_wait_seconds: 1200, // (1 + 1) × 600 s per acceptance
      estimate: { minutes: 10, accepted: 1, seconds_per_acceptance: 600, average_wait_seconds: 40 },
    });
    expect((await raw(t, "GET", path(first))).json).toMatchObject({
      assignment_status: "assigned",
      position: null,
    });
    expect((await raw(t, "GET", path(second))).json).toMatchObject({ position: 1 });
    expect((await raw(t, "GET", `${path(second)}?Minutes=0`)).json).toMatchObject({
      status: 400,
      code: 20001,
    });
    expect((await raw(t, "GET", path(`WT${"0".repeat(32)}`))).status).toBe(404);
  });

  it("CreateWorkspace takes the workspace settings; a bad rule creates nothing", async () => {
    const rules = JSON.stringify([{ while: "chat", block: ["voice"] }]);
    const created = await raw(t, "POST", "/v1/Workspaces", {
      form: form({
        FriendlyName: "created with chores",
        TasklaneMaxAssigned: "600",
        TasklaneChannelRules: rules,
      }),
    });
    expect(created).toMatchObject({
      status: 201,
      json: { tasklane_max_assigned: 600, tasklane_channel_rules: rules },
    });
    const refused = await raw(t, "POST", "/v1/Workspaces", {
      form: form({ FriendlyName: "bad chores", TasklaneChannelRules: '[{"while":"fax","block":["voice"]}]' }),
    });
    expect(refused).toMatchObject({ status: 400, json: { code: 20001 } });
    expect(await t.client.taskrouter.v1.workspaces.list({ friendlyName: "bad chores" })).toHaveLength(0);
  });

  it("refuses bad settings with TaskRouter's error JSON naming the parameter", async () => {
    const c = await contactCentre("refusals");
    const cases: [string, Record<string, string>][] = [
      [`/v1/Workspaces/${c.wsSid}/TaskChannels/voice`, { TasklaneWrapUpLimit: "0" }],
      [`/v1/Workspaces/${c.wsSid}/TaskChannels/voice`, { TasklaneWrapUpLimit: "ten" }],
      [`/tasklane/v1/Workspaces/${c.wsSid}/Settings`, { TasklaneMaxAssigned: "86401" }],
      [`/tasklane/v1/Workspaces/${c.wsSid}/Settings`, { TasklaneMaxAssignedAction: "delete" }],
      [`/v1/Workspaces/${c.wsSid}`, { TasklaneChannelRules: '[{"while":"fax","block":["voice"]}]' }],
      [`/v1/Workspaces/${c.wsSid}`, { TasklaneChannelRules: "not json" }],
    ];
    for (const [path, values] of cases) {
      const refused = await raw(t, "POST", path, { form: form(values) });
      expect(refused.status, JSON.stringify(values)).toBe(400);
      expect(refused.json).toMatchObject({ code: 20001, status: 400 });
      expect(String(refused.json.message)).toContain(Object.keys(values)[0]);
    }
    const settings = await raw(t, "GET", `/tasklane/v1/Workspaces/${c.wsSid}/Settings`);
    expect(settings.json).toMatchObject({ tasklane_max_assigned: null, tasklane_channel_rules: null });
  });
});

/**
 * A test server with fast callback settings, and a workspace ready to route: one queue, one
 * workflow (with assignment callback URLs when given), activities by name, and helpers to add a
 * worker and a task.
 */
import { SimulatedClock } from "../../../src/domain/clock.ts";
import { startTestServer, type TestServer } from "../../support/server.ts";

export const FAST_CALLBACKS = {
  TASKLANE_ASSIGNMENT_CALLBACK_TIMEOUT_MS: "300",
  TASKLANE_EVENT_CALLBACK_TIMEOUT_MS: "300",
  TASKLANE_EVENT_CALLBACK_RETRY_BASE_MS: "10",
  TASKLANE_EVENT_CALLBACK_RETRY_MAX_MS: "40",
};

export function startEventsServer(database: "memory" | "sqlite" = "memory"): Promise<TestServer> {
  return startTestServer({ database, clock: new SimulatedClock(), env: FAST_CALLBACKS });
}

export type WorkspaceApi = ReturnType<TestServer["client"]["taskrouter"]["v1"]["workspaces"]>;

export interface Routing {
  wsSid: string;
  ws: WorkspaceApi;
  queueSid: string;
  workflowSid: string;
  activity: (name: string) => string;
  worker(name: string): Promise<string>;
  task(attributes?: Record<string, unknown>): Promise<string>;
}

export async function routing(
  t: TestServer,
  options: {
    assignmentCallbackUrl?: string;
    fallbackAssignmentCallbackUrl?: string;
    eventCallbackUrl?: string;
    eventsFilter?: string;
    multiTaskEnabled?: boolean;
  } = {},
): Promise<Routing> {
  const created = await t.client.taskrouter.v1.workspaces.create({
    friendlyName: "Events",
    ...(options.eventCallbackUrl ? { eventCallbackUrl: options.eventCallbackUrl } : {}),
    ...(options.eventsFilter ? { eventsFilter: options.eventsFilter } : {}),
    ...(options.multiTaskEnabled === false ? { multiTaskEnabled: false } : {}),
  });
  const ws = t.client.taskrouter.v1.workspaces(created.sid);
  const activities = await ws.activities.list();
  const activity = (name: string) => {
    const found = activities.find((a) => a.friendlyName === name);
    if (found === undefined) throw new Error(`no activity ${name}`);
    return found.sid;
  };
  const queue = await ws.taskQueues.create({
    friendlyName: "Support",
    targetWorkers: 'skills HAS "support"',
  });
  const workflow = await ws.workflows.create({
    friendlyName: "Main",
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    ...(options.assignmentCallbackUrl ? { assignmentCallbackUrl: options.assignmentCallbackUrl } : {}),
    ...(options.fallbackAssignmentCallbackUrl
      ? { fallbackAssignmentCallbackUrl: options.fallbackAssignmentCallbackUrl }
      : {}),
  });
  return {
    wsSid: created.sid,
    ws,
    queueSid: queue.sid,
    workflowSid: workflow.sid,
    activity,
    async worker(name) {
      const w = await ws.workers.create({
        friendlyName: name,
        attributes: JSON.stringify({ skills: ["support"], name }),
      });
      await ws.workers(w.sid).update({ activitySid: activity("Available") });
      return w.sid;
    },
    async task(attributes = { type: "support" }) {
      const task = await ws.tasks.create({
        workflowSid: workflow.sid,
        attributes: JSON.stringify(attributes),
      });
      return task.sid;
    },
  };
}

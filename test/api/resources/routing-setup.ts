/** A small routing setup shared by the task and reservation tests: queue, workflow, activities. */
import type { Workspace } from "./fixture.ts";

export interface RoutingSetup {
  queueSid: string;
  workflowSid: string;
  available: string;
  offline: string;
}

export async function routingSetup(ws: Workspace, options: { timeout?: number } = {}): Promise<RoutingSetup> {
  const activities = await ws.activities.list();
  const sidOf = (name: string) => {
    const a = activities.find((x) => x.friendlyName === name);
    if (a === undefined) throw new Error(`no activity ${name}`);
    return a.sid;
  };
  const queue = await ws.taskQueues.create({
    friendlyName: "English Support",
    targetWorkers: '"skills" HAS "english" AND "skills" HAS "support"',
  });
  const workflow = await ws.workflows.create({
    friendlyName: "Support",
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    taskReservationTimeout: options.timeout ?? 120,
  });
  return {
    queueSid: queue.sid,
    workflowSid: workflow.sid,
    available: sidOf("Available"),
    offline: sidOf("Offline"),
  };
}

/** Every resource plugin of the API, one line each. */
import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../context.ts";
import { activitiesPlugin } from "./activities.ts";
import { clockPlugin } from "./clock.ts";
import { diagnosticsPlugin } from "./diagnostics/diagnostics.ts";
import { eventsPlugin } from "./events.ts";
import { keysPlugin } from "./keys.ts";
import { recentActivityPlugin } from "./recent-activity.ts";
import { reservationsPlugin } from "./reservations/reservations.ts";
import { statisticsPlugin } from "./statistics/index.ts";
import { taskChannelsPlugin } from "./task-channels.ts";
import { taskPositionPlugin } from "./task-position.ts";
import { taskQueuesPlugin } from "./task-queues/task-queues.ts";
import { tasksPlugin } from "./tasks/tasks.ts";
import { workerChannelsPlugin } from "./workers/worker-channels.ts";
import { workersPlugin } from "./workers/workers.ts";
import { workflowsPlugin } from "./workflows.ts";
import { workspaceSettingsPlugin } from "./workspace-settings.ts";
import { workspacesPlugin } from "./workspaces.ts";

export async function registerResources(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(keysPlugin, { deps });
  await app.register(workspacesPlugin, { deps });
  await app.register(workspaceSettingsPlugin, { deps });
  await app.register(activitiesPlugin, { deps });
  await app.register(taskChannelsPlugin, { deps });
  await app.register(workersPlugin, { deps });
  await app.register(workerChannelsPlugin, { deps });
  await app.register(taskQueuesPlugin, { deps });
  await app.register(workflowsPlugin, { deps });
  await app.register(tasksPlugin, { deps });
  await app.register(reservationsPlugin, { deps });
  await app.register(eventsPlugin, { deps });
  await app.register(statisticsPlugin, { deps });
  await app.register(clockPlugin, { deps });
  await app.register(diagnosticsPlugin, { deps });
  await app.register(taskPositionPlugin, { deps });
  await app.register(recentActivityPlugin, { deps });
}

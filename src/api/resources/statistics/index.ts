/** Every statistics route of the API (workspace, task queues, workers, workflows). */
import type { ResourcePlugin } from "../../context.ts";
import { queueStatisticsPlugin } from "./queue-statistics.ts";
import { workerStatisticsPlugin } from "./worker-statistics.ts";
import { workflowStatisticsPlugin } from "./workflow-statistics.ts";
import { workspaceStatisticsPlugin } from "./workspace-statistics.ts";

export const statisticsPlugin: ResourcePlugin = async (app, options) => {
  await app.register(workspaceStatisticsPlugin, options);
  await app.register(queueStatisticsPlugin, options);
  await app.register(workerStatisticsPlugin, options);
  await app.register(workflowStatisticsPlugin, options);
};

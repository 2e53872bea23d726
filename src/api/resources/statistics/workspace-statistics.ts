/** Workspace statistics: /Workspaces/{Sid}/RealTimeStatistics | CumulativeStatistics | Statistics. */
import type { ResourcePlugin } from "../../context.ts";
import { frameOf, type StatsFrame } from "./frame.ts";
import { channelOf, thresholdsOf, windowOf } from "./params.ts";
import { taskCumulativeFields } from "./render-cumulative.ts";
import { activityStatistics, taskFields } from "./render-realtime.ts";

const BASE = "/v1/Workspaces/:WorkspaceSid";
const WORKSPACE_TASK_COUNTERS = [
  "tasks_canceled",
  "tasks_completed",
  "tasks_created",
  "tasks_deleted",
  "tasks_moved",
  "tasks_timed_out_in_workflow",
] as const;

function realtime(f: StatsFrame, channelSid: string | undefined) {
  return {
    activity_statistics: activityStatistics(f.view, f.realtime.workersByActivity()),
    ...taskFields(f.realtime.tasks({ kind: "workspace" }, channelSid), f.now),
    total_workers: f.realtime.totalWorkers(),
  };
}

function cumulative(f: StatsFrame, channelSid: string | undefined) {
  const window = windowOf(f.q, f.now);
  const thresholds = thresholdsOf(f.q);
  const s = f.summarize("ws", window, channelSid, thresholds !== undefined);
  return taskCumulativeFields(s, window, thresholds, WORKSPACE_TASK_COUNTERS);
}

export const workspaceStatisticsPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(`${BASE}/RealTimeStatistics`, async (request) => {
    const f = frameOf(deps, request);
    return {
      account_sid: f.accountSid,
      ...realtime(f, channelOf(f.q, f.view)),
      workspace_sid: f.workspaceSid,
      url: f.url("RealTimeStatistics"),
    };
  });

  app.get(`${BASE}/CumulativeStatistics`, async (request) => {
    const f = frameOf(deps, request);
    return {
      account_sid: f.accountSid,
      ...cumulative(f, channelOf(f.q, f.view)),
      workspace_sid: f.workspaceSid,
      url: f.url("CumulativeStatistics"),
    };
  });

  app.get(`${BASE}/Statistics`, async (request) => {
    const f = frameOf(deps, request);
    const channelSid = channelOf(f.q, f.view);
    return {
      account_sid: f.accountSid,
      cumulative: cumulative(f, channelSid),
      realtime: realtime(f, channelSid),
      workspace_sid: f.workspaceSid,
      url: f.url("Statistics"),
    };
  });
};

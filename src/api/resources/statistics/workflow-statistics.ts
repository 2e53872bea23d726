/** Workflow statistics: /Workflows/{Sid}/RealTimeStatistics | CumulativeStatistics | Statistics. */
import type { Workflow } from "../../../domain/entities.ts";
import type { ResourcePlugin } from "../../context.ts";
import { found, pathParam } from "../scope.ts";
import { frameOf, type StatsFrame } from "./frame.ts";
import { channelOf, thresholdsOf, windowOf } from "./params.ts";
import { taskCumulativeFields } from "./render-cumulative.ts";
import { taskFields } from "./render-realtime.ts";

const ONE = "/v1/Workspaces/:WorkspaceSid/Workflows/:Sid";
const WORKFLOW_TASK_COUNTERS = [
  "tasks_canceled",
  "tasks_completed",
  "tasks_entered",
  "tasks_deleted",
  "tasks_moved",
  "tasks_timed_out_in_workflow",
] as const;

function realtime(f: StatsFrame, wf: Workflow, channelSid: string | undefined) {
  return taskFields(f.realtime.tasks({ kind: "workflow", sid: wf.sid }, channelSid), f.now);
}

function cumulative(f: StatsFrame, wf: Workflow, channelSid: string | undefined) {
  const window = windowOf(f.q, f.now);
  const thresholds = thresholdsOf(f.q);
  const s = f.summarize(`wf:${wf.sid}`, window, channelSid, thresholds !== undefined);
  return taskCumulativeFields(s, window, thresholds, WORKFLOW_TASK_COUNTERS);
}

export const workflowStatisticsPlugin: ResourcePlugin = async (app, { deps }) => {
  const frame = (request: Parameters<typeof frameOf>[1]) => {
    const f = frameOf(deps, request);
    const wf = found("Workflow", pathParam(request, "Sid"), "WW", (s) => f.view.workflow(s));
    return { f, wf, tail: { workflow_sid: wf.sid, workspace_sid: f.workspaceSid } };
  };

  app.get(`${ONE}/RealTimeStatistics`, async (request) => {
    const { f, wf, tail } = frame(request);
    const body = realtime(f, wf, channelOf(f.q, f.view));
    return {
      account_sid: f.accountSid,
      ...body,
      ...tail,
      url: f.url("Workflows", wf.sid, "RealTimeStatistics"),
    };
  });

  app.get(`${ONE}/CumulativeStatistics`, async (request) => {
    const { f, wf, tail } = frame(request);
    const body = cumulative(f, wf, channelOf(f.q, f.view));
    return {
      account_sid: f.accountSid,
      ...body,
      ...tail,
      url: f.url("Workflows", wf.sid, "CumulativeStatistics"),
    };
  });

  app.get(`${ONE}/Statistics`, async (request) => {
    const { f, wf, tail } = frame(request);
    const channelSid = channelOf(f.q, f.view);
    return {
      account_sid: f.accountSid,
      cumulative: cumulative(f, wf, channelSid),
      realtime: realtime(f, wf, channelSid),
      ...tail,
      url: f.url("Workflows", wf.sid, "Statistics"),
    };
  });
};

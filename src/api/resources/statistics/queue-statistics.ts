/**
 * TaskQueue statistics: /TaskQueues/{Sid}/RealTimeStatistics | CumulativeStatistics | Statistics,
 * the list /TaskQueues/Statistics and the bulk POST /TaskQueues/RealTimeStatistics. The literal
 * segments (Statistics, RealTimeStatistics) win over /TaskQueues/{Sid}: Fastify prefers static
 * segments to parameters.
 */
import type { TaskQueue } from "../../../domain/entities.ts";
import { acceptJsonBodies } from "../../../wire/json-body.ts";
import { listPage, type ResourcePlugin } from "../../context.ts";
import { found, pathParam } from "../scope.ts";
import { bulkQueueSids } from "./bulk-body.ts";
import { frameOf, type StatsFrame } from "./frame.ts";
import { channelOf, thresholdsOf, windowOf } from "./params.ts";
import { inQueueDuration, taskCumulativeFields } from "./render-cumulative.ts";
import { inQueueFields, queueWorkerFields, taskFields } from "./render-realtime.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/TaskQueues";
const ONE = `${LIST}/:Sid`;

const QUEUE_TASK_COUNTERS = [
  "tasks_canceled",
  "tasks_completed",
  "tasks_deleted",
  "tasks_entered",
  "tasks_moved",
] as const;

function queueOf(f: StatsFrame, sid: string): TaskQueue {
  return found("TaskQueue", sid, "WQ", (s) => f.view.taskQueue(s));
}

export function queueRealtime(f: StatsFrame, queueSid: string, channelSid: string | undefined) {
  const tasks = f.realtime.tasks({ kind: "queue", sid: queueSid }, channelSid);
  const workers = f.realtime.queueWorkers(queueSid, channelSid);
  return {
    ...queueWorkerFields(f.view, workers),
    ...taskFields(tasks, f.now),
    ...inQueueFields(tasks, f.now),
  };
}

function queueCumulative(f: StatsFrame, queueSid: string, channelSid: string | undefined) {
  const window = windowOf(f.q, f.now);
  const thresholds = thresholdsOf(f.q);
  const s = f.summarize(`q:${queueSid}`, window, channelSid, thresholds !== undefined);
  return { ...taskCumulativeFields(s, window, thresholds, QUEUE_TASK_COUNTERS), ...inQueueDuration(s) };
}

function combined(f: StatsFrame, queueSid: string) {
  const channelSid = channelOf(f.q, f.view);
  return {
    cumulative: queueCumulative(f, queueSid, channelSid),
    realtime: queueRealtime(f, queueSid, channelSid),
  };
}

export const queueStatisticsPlugin: ResourcePlugin = async (app, { deps }) => {
  const frame = (request: Parameters<typeof frameOf>[1]) => {
    const f = frameOf(deps, request);
    return { f, queue: queueOf(f, pathParam(request, "Sid")) };
  };

  app.get(`${ONE}/RealTimeStatistics`, async (request) => {
    const { f, queue } = frame(request);
    return {
      account_sid: f.accountSid,
      ...queueRealtime(f, queue.sid, channelOf(f.q, f.view)),
      task_queue_sid: queue.sid,
      workspace_sid: f.workspaceSid,
      url: f.url("TaskQueues", queue.sid, "RealTimeStatistics"),
    };
  });

  app.get(`${ONE}/CumulativeStatistics`, async (request) => {
    const { f, queue } = frame(request);
    return {
      account_sid: f.accountSid,
      ...queueCumulative(f, queue.sid, channelOf(f.q, f.view)),
      task_queue_sid: queue.sid,
      workspace_sid: f.workspaceSid,
      url: f.url("TaskQueues", queue.sid, "CumulativeStatistics"),
    };
  });

  app.get(`${ONE}/Statistics`, async (request) => {
    const { f, queue } = frame(request);
    return {
      account_sid: f.accountSid,
      ...combined(f, queue.sid),
      task_queue_sid: queue.sid,
      workspace_sid: f.workspaceSid,
      url: f.url("TaskQueues", queue.sid, "Statistics"),
    };
  });

  app.get(`${LIST}/Statistics`, async (request) => {
    const f = frameOf(deps, request);
    const name = f.q.string("FriendlyName");
    const queues = [...f.view.taskQueues()]
      .filter((tq) => name === undefined || tq.friendlyName === name)
      .sort((a, b) => a.dateCreated - b.dateCreated || (a.sid < b.sid ? -1 : 1));
    return listPage(request, {
      key: "task_queues_statistics",
      url: f.url("TaskQueues", "Statistics"),
      items: queues,
      sidOf: (tq) => tq.sid,
      render: (tq) => ({
        account_sid: f.accountSid,
        ...combined(f, tq.sid),
        task_queue_sid: tq.sid,
        workspace_sid: f.workspaceSid,
      }),
    });
  });

  // The one REST route that takes JSON (the twilio SDK sends the bulk body as a JSON array): its
  // own scope, so every other route still refuses JSON with 415.
  await app.register(async (scope) => {
    acceptJsonBodies(scope);
    scope.post(`${LIST}/RealTimeStatistics`, async (request) => {
      const f = frameOf(deps, request);
      const sids = bulkQueueSids(request.body);
      const data = sids.map((sid) => {
        const rt = queueRealtime(f, sid, undefined);
        return {
          task_queue_sid: sid,
          total_available_workers: rt.total_available_workers,
          total_eligible_workers: rt.total_eligible_workers,
          total_tasks: rt.total_tasks,
          longest_task_waiting_age: rt.longest_task_waiting_age,
          longest_task_waiting_sid: rt.longest_task_waiting_sid,
          tasks_by_status: rt.tasks_by_status,
          tasks_by_priority: rt.tasks_by_priority,
          activity_statistics: rt.activity_statistics,
        };
      });
      return {
        account_sid: f.accountSid,
        workspace_sid: f.workspaceSid,
        task_queue_data: data,
        task_queue_response_count: data.length,
        url: f.url("TaskQueues", "RealTimeStatistics"),
      };
    });
  });
};

/**
 * Worker statistics: /Workers/RealTimeStatistics, /Workers/CumulativeStatistics, /Workers/Statistics
 * (filters TaskQueueSid, TaskQueueName, FriendlyName) and /Workers/{Sid}/Statistics. The literal
 * segments win over /Workers/{Sid} (Fastify prefers static segments).
 *
 * Decisions: every worker has every channel, so TaskChannel narrows reservation counts but not
 * worker counts or activity durations. A queue filter counts the queue's current members and the
 * reservations made from that queue; its activity durations add up the members' own (cost grows
 * with the members, unlike the unfiltered figures). Unknown queues or names select nobody (zeros).
 */
import type { Worker } from "../../../domain/entities.ts";
import type { ResourcePlugin } from "../../context.ts";
import { found, pathParam } from "../scope.ts";
import { frameOf, type StatsFrame } from "./frame.ts";
import { channelOf, type StatsWindow, windowOf } from "./params.ts";
import { workerCumulativeFields } from "./render-cumulative.ts";
import { activityStatistics } from "./render-realtime.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Workers";

interface Selection {
  /** The queue filter (a SID that may name no queue), if any. */
  queueSid?: string;
  /** The FriendlyName filter: the worker, or null when no worker has that name. */
  worker?: Worker | null;
}

function selectionOf(f: StatsFrame): Selection {
  const sel: Selection = {};
  const queueSid = f.q.sid("TaskQueueSid", "WQ");
  const queueName = f.q.string("TaskQueueName");
  if (queueSid !== undefined) sel.queueSid = queueSid;
  else if (queueName !== undefined)
    sel.queueSid = [...f.view.taskQueues()].find((tq) => tq.friendlyName === queueName)?.sid ?? "";
  const name = f.q.string("FriendlyName");
  if (name !== undefined) {
    const lower = name.toLowerCase();
    sel.worker = [...f.view.workers()].find((w) => w.friendlyName.toLowerCase() === lower) ?? null;
  }
  return sel;
}

/** The selected single worker, or null when the filters select nobody; undefined = no name filter. */
function single(f: StatsFrame, sel: Selection): Worker | null | undefined {
  if (sel.worker === undefined) return undefined;
  if (sel.worker === null || sel.queueSid === undefined) return sel.worker;
  const inQueue = [...f.view.queuesOfWorker(sel.worker.sid)].some((tq) => tq.sid === sel.queueSid);
  return inQueue ? sel.worker : null;
}

function realtime(f: StatsFrame, sel: Selection) {
  const one = single(f, sel);
  if (one !== undefined) {
    const counts = new Map(one ? [[one.activitySid, 1]] : []);
    return { activity_statistics: activityStatistics(f.view, counts), total_workers: one ? 1 : 0 };
  }
  if (sel.queueSid !== undefined) {
    const w = f.realtime.queueWorkers(sel.queueSid);
    return { activity_statistics: activityStatistics(f.view, w.byActivity), total_workers: w.eligible };
  }
  return {
    activity_statistics: activityStatistics(f.view, f.realtime.workersByActivity()),
    total_workers: f.realtime.totalWorkers(),
  };
}

function cumulative(f: StatsFrame, sel: Selection, window: StatsWindow, channelSid: string | undefined) {
  const one = single(f, sel);
  if (one !== undefined) {
    return workerCumulativeFields(
      f.view,
      f.summarize(`wk:${one?.sid ?? ""}`, window, channelSid, false),
      window,
    );
  }
  if (sel.queueSid === undefined)
    return workerCumulativeFields(f.view, f.summarize("ws", window, channelSid, false), window);
  const s = f.summarize(`q:${sel.queueSid}`, window, channelSid, false);
  s.activities.clear();
  for (const member of f.view.queueMembers(sel.queueSid)) {
    const own = f.summarize(`wk:${member.sid}`, window, undefined, false);
    for (const [activity, agg] of own.activities) {
      const mine = s.activities.get(activity);
      if (!mine) s.activities.set(activity, { ...agg });
      else {
        mine.min = Math.min(mine.min, agg.min);
        mine.max = Math.max(mine.max, agg.max);
        mine.count += agg.count;
        mine.sum += agg.sum;
      }
    }
  }
  return workerCumulativeFields(f.view, s, window);
}

export const workerStatisticsPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(`${LIST}/RealTimeStatistics`, async (request) => {
    const f = frameOf(deps, request);
    channelOf(f.q, f.view);
    return {
      account_sid: f.accountSid,
      ...realtime(f, {}),
      workspace_sid: f.workspaceSid,
      url: f.url("Workers", "RealTimeStatistics"),
    };
  });

  app.get(`${LIST}/CumulativeStatistics`, async (request) => {
    const f = frameOf(deps, request);
    const body = cumulative(f, {}, windowOf(f.q, f.now), channelOf(f.q, f.view));
    return {
      account_sid: f.accountSid,
      ...body,
      workspace_sid: f.workspaceSid,
      url: f.url("Workers", "CumulativeStatistics"),
    };
  });

  app.get(`${LIST}/Statistics`, async (request) => {
    const f = frameOf(deps, request);
    const sel = selectionOf(f);
    return {
      realtime: realtime(f, sel),
      cumulative: cumulative(f, sel, windowOf(f.q, f.now), channelOf(f.q, f.view)),
      account_sid: f.accountSid,
      workspace_sid: f.workspaceSid,
      url: f.url("Workers", "Statistics"),
    };
  });

  app.get(`${LIST}/:Sid/Statistics`, async (request) => {
    const f = frameOf(deps, request);
    const worker = found("Worker", pathParam(request, "Sid"), "WK", (s) => f.view.worker(s));
    return {
      account_sid: f.accountSid,
      cumulative: cumulative(f, { worker }, windowOf(f.q, f.now), channelOf(f.q, f.view)),
      worker_sid: worker.sid,
      workspace_sid: f.workspaceSid,
      url: f.url("Workers", worker.sid, "Statistics"),
    };
  });
};

/**
 * What the wallboard shows, read from the public API in one go: the workspace's real-time
 * statistics, every queue's real-time figures (the bulk endpoint, 50 queues a call) and, for the
 * service level, each queue's cumulative figures of the last hour split at the threshold.
 */
import { get, type Json, listAll, post, ws } from "../../api/client.ts";

export interface QueueRow {
  sid: string;
  name: string;
  waiting: number;
  longestWait: number;
  available: number;
  eligible: number;
  byStatus: Record<string, number>;
  accepted: number;
  acceptedWithin: number;
  canceled: number;
}

export interface Board {
  at: number;
  queues: QueueRow[];
  byStatus: Record<string, number>;
  activities: Array<{ name: string; workers: number }>;
  totalWorkers: number;
  accepted: number;
  acceptedWithin: number;
  canceled: number;
}

interface QueueRealtime {
  task_queue_sid: string;
  total_available_workers: number;
  total_eligible_workers: number;
  longest_task_waiting_age: number;
  tasks_by_status: Record<string, number>;
}

interface Split {
  above: { reservations_accepted: number; tasks_canceled: number };
  below: { reservations_accepted: number; tasks_canceled: number };
}

export async function loadBoard(workspaceSid: string, threshold: number): Promise<Board> {
  const queues = await listAll<Json>(ws(workspaceSid, "TaskQueues"), "task_queues");
  const [realtime, cumulative, workspace] = await Promise.all([
    queueRealtime(
      workspaceSid,
      queues.map((q) => String(q.sid)),
    ),
    Promise.all(
      queues.map((q) =>
        get(ws(workspaceSid, "TaskQueues", String(q.sid), "CumulativeStatistics"), {
          Minutes: 60,
          SplitByWaitTime: threshold,
        }),
      ),
    ),
    get(ws(workspaceSid, "RealTimeStatistics")),
  ]);
  const rows: QueueRow[] = queues.map((q, i) => {
    const rt = realtime.get(String(q.sid));
    const byStatus = rt?.tasks_by_status ?? {};
    const split = splitOf(cumulative[i], threshold);
    return {
      sid: String(q.sid),
      name: String(q.friendly_name),
      waiting: (byStatus.pending ?? 0) + (byStatus.reserved ?? 0),
      longestWait: rt?.longest_task_waiting_age ?? 0,
      available: rt?.total_available_workers ?? 0,
      eligible: rt?.total_eligible_workers ?? 0,
      byStatus,
      ...split,
    };
  });
  const activities = ((workspace.activity_statistics as Json[] | undefined) ?? []).map((a) => ({
    name: String(a.friendly_name),
    workers: Number(a.workers ?? 0),
  }));
  return {
    at: Date.now(),
    queues: rows,
    byStatus: (workspace.tasks_by_status as Record<string, number> | undefined) ?? {},
    activities,
    totalWorkers: Number(workspace.total_workers ?? 0),
    accepted: rows.reduce((n, r) => n + r.accepted, 0),
    acceptedWithin: rows.reduce((n, r) => n + r.acceptedWithin, 0),
    canceled: rows.reduce((n, r) => n + r.canceled, 0),
  };
}

async function queueRealtime(workspaceSid: string, sids: string[]): Promise<Map<string, QueueRealtime>> {
  const out = new Map<string, QueueRealtime>();
  for (let i = 0; i < sids.length; i += 50) {
    const answer = await post(ws(workspaceSid, "TaskQueues", "RealTimeStatistics"), {
      QueueSids: sids.slice(i, i + 50),
    });
    for (const row of (answer.task_queue_data as QueueRealtime[] | undefined) ?? [])
      out.set(row.task_queue_sid, row);
  }
  return out;
}

function splitOf(cumulative: Json | undefined, threshold: number) {
  const split = (cumulative?.split_by_wait_time as Record<string, Split> | null | undefined)?.[
    String(threshold)
  ];
  const within = split?.below.reservations_accepted ?? 0;
  const after = split?.above.reservations_accepted ?? 0;
  return {
    accepted: within + after,
    acceptedWithin: within,
    canceled: (split?.above.tasks_canceled ?? 0) + (split?.below.tasks_canceled ?? 0),
  };
}

/** Share answered within the threshold, as a percentage, or null when nothing was answered. */
export function serviceLevel(acceptedWithin: number, accepted: number): number | null {
  return accepted === 0 ? null : Math.round((acceptedWithin / accepted) * 100);
}

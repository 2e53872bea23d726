/** Wire rendering of real-time figures (snake_case, as TaskRouter names them). */
import type { QueueWorkerFigures, TaskFigures } from "../../../engine/stats/figures.ts";
import type { WorkspaceView } from "../../../engine/view.ts";

const ageOf = (since: number, now: number) => Math.max(0, Math.floor((now - since) / 1000));

export function taskFields(f: TaskFigures, now: number) {
  return {
    longest_task_waiting_age: f.longestWaiting ? ageOf(f.longestWaiting.since, now) : 0,
    longest_task_waiting_sid: f.longestWaiting?.sid ?? null,
    tasks_by_priority: Object.fromEntries(f.byPriority.map(([p, n]) => [String(p), n])),
    tasks_by_status: { ...f.byStatus },
    total_tasks: f.total,
  };
}

export function inQueueFields(f: TaskFigures, now: number) {
  return {
    longest_relative_task_age_in_queue: f.longestInQueue ? ageOf(f.longestInQueue.since, now) : 0,
    longest_relative_task_sid_in_queue: f.longestInQueue?.sid ?? null,
  };
}

/** [{sid, friendly_name, workers}] for every activity of the workspace, in activity order. */
export function activityStatistics(view: WorkspaceView, counts: ReadonlyMap<string, number>) {
  return [...view.activities()].map((a) => ({
    sid: a.sid,
    friendly_name: a.friendlyName,
    workers: counts.get(a.sid) ?? 0,
  }));
}

export function queueWorkerFields(view: WorkspaceView, w: QueueWorkerFigures) {
  return {
    activity_statistics: activityStatistics(view, w.byActivity),
    total_available_workers: w.available,
    total_eligible_workers: w.eligible,
  };
}

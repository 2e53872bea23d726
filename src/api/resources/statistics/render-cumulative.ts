/**
 * Wire rendering of cumulative figures. Durations are whole seconds; averages are rounded to the
 * nearest second. split_by_wait_time: a wait strictly greater than the threshold is "above", any
 * other is "below"; null when SplitByWaitTime was not given.
 */
import type { WorkspaceView } from "../../../engine/view.ts";
import type { CounterName } from "../../../stats/cumulative/facts.ts";
import type { Agg, Summary } from "../../../stats/cumulative/summary.ts";
import { isoDate } from "../../../wire/render.ts";
import type { StatsWindow } from "./params.ts";

const avg = (a: Agg) => (a.count === 0 ? 0 : Math.round(a.sum / a.count));
const duration = (a: Agg) => ({ avg: avg(a), min: a.min, max: a.max, total: a.sum });

export function reservationFields(s: Summary) {
  const c = s.counters;
  return {
    reservations_created: c.reservations_created,
    reservations_accepted: c.reservations_accepted,
    reservations_rejected: c.reservations_rejected,
    reservations_timed_out: c.reservations_timed_out,
    reservations_canceled: c.reservations_canceled,
    reservations_rescinded: c.reservations_rescinded,
  };
}

function split(s: Summary, thresholds: number[] | undefined) {
  if (thresholds === undefined) return null;
  const out: Record<string, unknown> = {};
  for (const t of thresholds) {
    const canceledAbove = s.canceledWaits.filter((v) => v > t).length;
    const acceptedAbove = s.acceptedWaits.filter((v) => v > t).length;
    out[String(t)] = {
      above: { tasks_canceled: canceledAbove, reservations_accepted: acceptedAbove },
      below: {
        tasks_canceled: s.canceledWaits.length - canceledAbove,
        reservations_accepted: s.acceptedWaits.length - acceptedAbove,
      },
    };
  }
  return out;
}

/** The fields every task-side cumulative resource (workspace, queue, workflow) shares. */
export function taskCumulativeFields(
  s: Summary,
  window: StatsWindow,
  thresholds: number[] | undefined,
  tasks: readonly CounterName[],
) {
  return {
    avg_task_acceptance_time: avg(s.measures.wait_duration_until_accepted),
    start_time: isoDate(window.start),
    end_time: isoDate(window.end),
    ...reservationFields(s),
    split_by_wait_time: split(s, thresholds),
    wait_duration_until_accepted: duration(s.measures.wait_duration_until_accepted),
    wait_duration_until_canceled: duration(s.measures.wait_duration_until_canceled),
    ...Object.fromEntries(tasks.map((name) => [name, s.counters[name]])),
  };
}

export function inQueueDuration(s: Summary) {
  return {
    wait_duration_in_queue_until_accepted: duration(s.measures.wait_duration_in_queue_until_accepted),
  };
}

/** [{sid, friendly_name, min, max, avg, total}] for every activity, zeros where none was left. */
export function activityDurations(view: WorkspaceView, s: Summary) {
  return [...view.activities()].map((a) => {
    const agg = s.activities.get(a.sid) ?? { count: 0, sum: 0, min: 0, max: 0 };
    return { sid: a.sid, friendly_name: a.friendlyName, ...duration(agg) };
  });
}

export function workerCumulativeFields(view: WorkspaceView, s: Summary, window: StatsWindow) {
  return {
    start_time: isoDate(window.start),
    end_time: isoDate(window.end),
    activity_durations: activityDurations(view, s),
    ...reservationFields(s),
  };
}

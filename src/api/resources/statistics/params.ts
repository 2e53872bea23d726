/**
 * Statistics query parameters: the cumulative window (Minutes, default 15, or StartDate/EndDate),
 * TaskChannel (SID or unique name) and SplitByWaitTime (comma-separated seconds).
 *
 * Window rules: EndDate defaults to now; StartDate, when given, wins over Minutes; otherwise the
 * window starts Minutes before now. History covers 30 days: an older start is clamped (Twilio
 * answers too, with debugger warning 14241). StartDate after EndDate is a 400.
 */
import { invalidParameter } from "../../../domain/errors.ts";
import type { WorkspaceView } from "../../../engine/view.ts";
import { RETENTION_MS } from "../../../stats/cumulative/workspace-history.ts";
import type { Params } from "../../../wire/params.ts";

export const DEFAULT_MINUTES = 15;
const MAX_MINUTES = RETENTION_MS / 60_000;
/** TaskRouter computes SplitByWaitTime on up to this many thresholds' worth of data; we cap the list. */
const MAX_THRESHOLDS = 20;

export interface StatsWindow {
  start: number;
  end: number;
}

export function windowOf(q: Params, now: number): StatsWindow {
  const minutes = q.integer("Minutes", { min: 1, max: MAX_MINUTES });
  const startDate = q.date("StartDate");
  const endDate = q.date("EndDate");
  const end = endDate ?? now;
  const start = startDate ?? now - (minutes ?? DEFAULT_MINUTES) * 60_000;
  if (start > end) throw invalidParameter("StartDate", "must not be after EndDate");
  return { start: Math.max(start, now - RETENTION_MS), end };
}

/** The TaskChannel SID named by the TaskChannel parameter (SID or unique name), if any. */
export function channelOf(q: Params, view: WorkspaceView): string | undefined {
  const value = q.string("TaskChannel");
  if (value === undefined || value === "") return undefined;
  const channel = view.taskChannel(value);
  if (!channel)
    throw invalidParameter(
      "TaskChannel",
      `${value} is neither a TaskChannel SID nor a unique name in this Workspace`,
    );
  return channel.sid;
}

export function thresholdsOf(q: Params): number[] | undefined {
  const value = q.string("SplitByWaitTime");
  if (value === undefined || value.trim() === "") return undefined;
  const parts = value.split(",").map((p) => p.trim());
  if (parts.length > MAX_THRESHOLDS)
    throw invalidParameter("SplitByWaitTime", `at most ${MAX_THRESHOLDS} thresholds, got ${parts.length}`);
  return parts.map((p) => {
    if (!/^\d{1,9}$/.test(p))
      throw invalidParameter(
        "SplitByWaitTime",
        `expected comma-separated whole seconds such as 10,30,60, got "${p}"`,
      );
    return Number(p);
  });
}

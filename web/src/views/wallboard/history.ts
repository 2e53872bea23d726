/**
 * The chart's last hour: per minute, how many tasks were waiting (pending or reserved) at the end
 * of the minute and how many reservations were accepted (assignments). Loaded from RecentActivity,
 * then kept live from the event stream. Waiting counts are walked back from the waiting count of
 * now: before a minute, waiting = after - created + left.
 */
import { get, tl } from "../../api/client.ts";
import type { StreamEvent } from "../../api/stream.ts";

export interface Minute {
  start: number;
  waiting: number;
  created: number;
  left: number;
  assignments: number;
}

interface Bucket {
  start: string;
  tasks_created: number;
  tasks_left_waiting: number;
  reservations_accepted: number;
}

export async function loadHistory(
  workspaceSid: string,
): Promise<{ minutes: Minute[]; lastSequence: number }> {
  const answer = await get<{ buckets: Bucket[]; last_sequence: number }>(tl(workspaceSid, "RecentActivity"), {
    Minutes: 60,
  });
  const minutes = answer.buckets.map((b) => ({
    start: Date.parse(b.start),
    waiting: 0,
    created: b.tasks_created,
    left: b.tasks_left_waiting,
    assignments: b.reservations_accepted,
  }));
  return { minutes, lastSequence: answer.last_sequence };
}

/** Fills in `waiting` from the current waiting count, newest minute first. */
export function withWaiting(minutes: Minute[], waitingNow: number): Minute[] {
  const out = minutes.map((m) => ({ ...m }));
  let after = waitingNow;
  for (let i = out.length - 1; i >= 0; i--) {
    const m = out[i];
    if (m === undefined) continue;
    m.waiting = after;
    after = Math.max(0, after - m.created + m.left);
  }
  return out;
}

const WAITING = new Set(["pending", "reserved"]);

/** Adds a live event to its minute, starting new minutes (and dropping old ones) as time goes on. */
export function addEvent(minutes: Minute[], event: StreamEvent): Minute[] {
  const minuteStart = Math.floor(event.event_date_ms / 60_000) * 60_000;
  let out = minutes;
  const last = out[out.length - 1];
  if (last === undefined || last.start < minuteStart) {
    out = [...out];
    let start = last === undefined ? minuteStart : last.start + 60_000;
    for (; start <= minuteStart; start += 60_000)
      out.push({ start, waiting: 0, created: 0, left: 0, assignments: 0 });
    out = out.slice(-60);
  }
  const bucket = out.find((m) => m.start === minuteStart);
  if (bucket === undefined) return out;
  const type = event.event_type;
  if (type === "task.created") bucket.created++;
  if (type === "reservation.accepted") {
    bucket.assignments++;
    bucket.left++;
  }
  if (type === "task.canceled") bucket.left++;
  if (
    (type === "task.deleted" || type === "task.system-deleted") &&
    WAITING.has(String(event.event_data.task_assignment_status))
  )
    bucket.left++;
  return [...out];
}

/**
 * `GET /tasklane/v1/Workspaces/{WS}/RecentActivity[?Minutes=60]` (Tasklane addition, read-only; the
 * console's wallboard chart, docs/console.md): the workspace's events of the last Minutes (1–60)
 * counted per minute, oldest minute first, plus `last_sequence`, the event stream position to resume
 * from (`EventStream?after=last_sequence`) so a client sees every later event exactly once.
 *
 * Per minute: `tasks_created` (task.created), `tasks_left_waiting` (a pending or reserved task was
 * assigned, canceled or deleted), `reservations_accepted`. With the waiting count of now, a client
 * walks back through the buckets to draw how many tasks waited at each minute.
 */
import type { StoredEvent } from "../../store/port.ts";
import { query, type ResourcePlugin } from "../context.ts";
import { scopeOf } from "./scope.ts";

const MINUTE = 60_000;
const WAITING = new Set(["pending", "reserved"]);

interface Bucket {
  start: string;
  tasks_created: number;
  tasks_left_waiting: number;
  reservations_accepted: number;
}

export const recentActivityPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get("/tasklane/v1/Workspaces/:WorkspaceSid/RecentActivity", async (request) => {
    const scope = scopeOf(deps, request);
    const minutes = query(request).integer("Minutes", { min: 1, max: 60 }) ?? 60;
    const now = deps.clock.now();
    const first = Math.floor(now / MINUTE) * MINUTE - (minutes - 1) * MINUTE;
    const ws = scope.host.sid;
    const events = await deps.store.queryEvents(ws, { from: first, to: now });
    const buckets: Bucket[] = [];
    for (let i = 0; i < minutes; i++) {
      const start = new Date(first + i * MINUTE).toISOString().replace(/\.\d{3}Z$/, "Z");
      buckets.push({ start, tasks_created: 0, tasks_left_waiting: 0, reservations_accepted: 0 });
    }
    for (const event of events) {
      const bucket = buckets[Math.floor((event.timestamp - first) / MINUTE)];
      if (bucket !== undefined) count(bucket, event);
    }
    return {
      workspace_sid: ws,
      minutes,
      buckets,
      last_sequence: events[0]?.sequence ?? (await lastSequence(deps.store, ws, first)),
      url: deps.url("tasklane", "v1", "Workspaces", ws, "RecentActivity"),
    };
  });
};

function count(bucket: Bucket, event: StoredEvent): void {
  switch (event.eventType) {
    case "task.created":
      bucket.tasks_created++;
      break;
    case "reservation.accepted":
      bucket.reservations_accepted++;
      bucket.tasks_left_waiting++;
      break;
    case "task.canceled":
      bucket.tasks_left_waiting++;
      break;
    case "task.deleted":
    case "task.system-deleted":
      if (WAITING.has(String(event.fields.TaskAssignmentStatus))) bucket.tasks_left_waiting++;
      break;
  }
}

/** No event in the window: look further back, a day and then everything (an idle workspace). */
async function lastSequence(
  store: { queryEvents: (ws: string, f: { from?: number; to?: number }) => Promise<StoredEvent[]> },
  ws: string,
  before: number,
): Promise<number> {
  const day = await store.queryEvents(ws, { from: before - 24 * 60 * MINUTE, to: before });
  if (day[0] !== undefined) return day[0].sequence;
  const all = await store.queryEvents(ws, { to: before });
  return all[0]?.sequence ?? 0;
}

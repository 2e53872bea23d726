/**
 * One EventSource per workspace, shared by every view that listens: the server's event stream
 * (/tasklane/v1/Workspaces/{WS}/EventStream, server-sent events with the session cookie). It starts
 * at `after` (from RecentActivity) so nothing older is replayed; the browser resumes by itself with
 * Last-Event-ID after a drop.
 */

export interface StreamEvent {
  sequence: number;
  event_type: string;
  event_date_ms: number;
  resource_sid: string;
  resource_type: string;
  description: string;
  event_data: Record<string, unknown>;
}

import { get, tl } from "./client.ts";

/** Where the workspace's stream is now (RecentActivity's last_sequence): subscribe from there. */
export async function streamPosition(workspaceSid: string): Promise<number> {
  const answer = await get<{ last_sequence: number }>(tl(workspaceSid, "RecentActivity"), { Minutes: 1 });
  return answer.last_sequence;
}

type Listener = (event: StreamEvent) => void;
/** true: connected; false: reconnecting or closed (the browser retries by itself unless closed). */
type StatusListener = (connected: boolean) => void;

interface Open {
  source: EventSource;
  listeners: Set<Listener>;
  statuses: Set<StatusListener>;
}

const open = new Map<string, Open>();

export function subscribe(
  workspaceSid: string,
  after: number,
  listener: Listener,
  onStatus: StatusListener = () => {},
): () => void {
  let entry = open.get(workspaceSid);
  if (entry === undefined) {
    const source = new EventSource(
      `/tasklane/v1/Workspaces/${workspaceSid}/EventStream?after=${after}&heartbeat=15`,
    );
    const created: Open = { source, listeners: new Set(), statuses: new Set() };
    source.onopen = () => {
      for (const one of created.statuses) one(true);
    };
    // A closed stream (e.g. the session ended: 401) is not retried by the browser: say so.
    source.onerror = () => {
      for (const one of created.statuses) one(false);
      if (source.readyState === EventSource.CLOSED) onClosed();
    };
    // Each event arrives as an SSE event named after its TaskRouter type.
    const handler = (message: MessageEvent<string>) => {
      let event: StreamEvent;
      try {
        event = JSON.parse(message.data) as StreamEvent;
      } catch {
        return;
      }
      for (const one of created.listeners) one(event);
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, handler as EventListener);
    entry = created;
    open.set(workspaceSid, entry);
  }
  entry.listeners.add(listener);
  entry.statuses.add(onStatus);
  if (entry.source.readyState === EventSource.OPEN) onStatus(true);
  const current = entry;
  return () => {
    current.listeners.delete(listener);
    current.statuses.delete(onStatus);
    if (current.listeners.size === 0) {
      current.source.close();
      open.delete(workspaceSid);
    }
  };
}

let onClosed: () => void = () => {};

/** Called when a stream is closed for good (the console then checks whether it is still signed in). */
export function whenStreamClosed(listener: () => void): void {
  onClosed = listener;
}

export function closeAllStreams(): void {
  for (const entry of open.values()) entry.source.close();
  open.clear();
}

/** TaskRouter's event types (src/domain/event-types.ts), each an SSE `event:` name. */
const EVENT_TYPES = [
  "activity.created",
  "activity.updated",
  "activity.deleted",
  "reservation.created",
  "reservation.accepted",
  "reservation.rejected",
  "reservation.timeout",
  "reservation.canceled",
  "reservation.rescinded",
  "reservation.completed",
  "reservation.failed",
  "reservation.callback-failed",
  "reservation.wrapup",
  "task.created",
  "task.completed",
  "task.canceled",
  "task.deleted",
  "task.system-deleted",
  "task.transfer-initiated",
  "task.transfer-attempt-failed",
  "task.transfer-failed",
  "task.transfer-canceled",
  "task.transfer-completed",
  "task.updated",
  "task.wrapup",
  "task-channel.created",
  "task-channel.updated",
  "task-channel.deleted",
  "task-queue.created",
  "task-queue.deleted",
  "task-queue.entered",
  "task-queue.timeout",
  "task-queue.moved",
  "task-queue.expression.updated",
  "worker.activity.update",
  "worker.attributes.update",
  "worker.capacity.update",
  "worker.channel.availability.update",
  "worker.created",
  "worker.deleted",
  "workflow.created",
  "workflow.updated",
  "workflow.deleted",
  "workflow.entered",
  "workflow.timeout",
  "workflow.target-matched",
  "workflow.skipped",
  "workspace.created",
  "workspace.updated",
  "workspace.deleted",
];

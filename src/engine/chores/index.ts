/**
 * The chores' read-only answer for the shell: where a task stands in its queue (position.ts). The
 * settings and timers are reached through commands and `tick` like everything else.
 */
import { internalError, notFound } from "../../domain/errors.ts";
import { WorkspaceState } from "../state/workspace-state.ts";
import type { WorkspaceView } from "../view.ts";
import { type QueuePosition, queuePositionOf } from "./position.ts";

export type { QueueHistory, QueuePosition, WaitEstimate } from "./position.ts";
export { estimateWait } from "./position.ts";

export function taskPosition(view: WorkspaceView, taskSid: string, now: number): QueuePosition {
  if (!(view instanceof WorkspaceState)) {
    throw internalError("A queue position needs the routing engine's own workspace state");
  }
  const task = view.tasksById.get(taskSid);
  if (!task) throw notFound("Task", taskSid);
  return queuePositionOf(view, task, now);
}

/**
 * What the engine's real-time statistics answer (read through WorkspaceView.statistics()). Every
 * figure is kept up to date as commands change the state, so reading one costs the same whatever
 * the number of workers and tasks: no scan per request.
 *
 * Decisions (TaskRouter leaves them open):
 * - tasks_by_status counts the four open statuses; total_tasks is their sum (completed and canceled
 *   tasks, still readable for a few minutes, are not counted).
 * - "waiting" means pending or reserved (not yet accepted). The longest waiting task is the oldest
 *   waiting one by creation time (ties: smaller SID); its relative age in a queue counts from the
 *   moment it entered that queue.
 */

export type OpenStatus = "pending" | "reserved" | "assigned" | "wrapping";
export const OPEN_STATUSES: readonly OpenStatus[] = ["pending", "reserved", "assigned", "wrapping"];

export type StatsScope =
  | { kind: "workspace" }
  | { kind: "queue"; sid: string }
  | { kind: "workflow"; sid: string };

export interface TaskFigures {
  total: number;
  byStatus: Record<OpenStatus, number>;
  /** [priority, count] with count > 0, ascending priority. */
  byPriority: Array<[number, number]>;
  /** Oldest waiting task: its SID and creation time (epoch ms). */
  longestWaiting: { sid: string; since: number } | null;
  /** Queue scope only: the waiting task that entered the queue first, and when. */
  longestInQueue: { sid: string; since: number } | null;
}

export interface QueueWorkerFigures {
  /** Members of the queue (TargetWorkers matches), any activity. */
  eligible: number;
  /**
   * Without a channel: members in an available activity (they may already be busy). With a
   * channel: members that can take a new task of that channel right now (available activity,
   * channel enabled, free capacity).
   */
  available: number;
  /** Members per activity SID. */
  byActivity: ReadonlyMap<string, number>;
}

export interface RealTimeStatistics {
  tasks(scope: StatsScope, channelSid?: string): TaskFigures;
  /** Workers per activity SID over the whole workspace. */
  workersByActivity(): ReadonlyMap<string, number>;
  totalWorkers(): number;
  queueWorkers(queueSid: string, channelSid?: string): QueueWorkerFigures;
}

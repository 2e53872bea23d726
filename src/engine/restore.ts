/**
 * Rebuild a workspace's in-memory state from persisted entities: entity maps, compiled queue
 * expressions and workflow configurations, queue membership, available sets, waiting tasks and
 * every timer (due ones fire on the next tick). No events, no effects.
 */
import { compileExpression } from "../expression/index.ts";
import { bindWorker, syncTask } from "./routing/indexing.ts";
import { getOrCreate } from "./state/queue-membership.ts";
import { ACTIVE_RESERVATION, WorkspaceState } from "./state/workspace-state.ts";
import type { WorkspaceSnapshot } from "./view.ts";
import { parseWorkflowConfig } from "./workflow/config.ts";

/**
 * Takes ownership of the snapshot's objects: they become the live entities. Every source hands over
 * fresh objects (the stores parse or copy on load, `WorkspaceEngine.snapshot()` copies), so no copy is
 * made here; copying a million tasks was the largest part of a restart.
 */
export function rebuildState(snapshot: WorkspaceSnapshot): WorkspaceState {
  const snap = snapshot;
  const s = new WorkspaceState(snap.workspace);
  for (const a of snap.activities) s.activitiesById.set(a.sid, a);
  for (const c of snap.taskChannels) {
    s.channelsById.set(c.sid, c);
    s.channelByUniqueName.set(c.uniqueName, c);
  }
  for (const w of snap.workers) {
    s.workersById.set(w.sid, w);
    s.workerByName.set(w.friendlyName.toLowerCase(), w.sid);
  }
  for (const wc of snap.workerChannels) {
    getOrCreate(s.channelsOfWorker, wc.workerSid, () => new Map()).set(wc.taskChannelSid, wc);
    s.workerChannelsById.set(wc.sid, wc);
  }
  for (const q of snap.taskQueues) {
    s.queuesById.set(q.sid, q);
    s.setQueueExpression(q.sid, compileExpression(q.targetWorkers, { where: "TargetWorkers" }));
  }
  for (const wf of snap.workflows) {
    s.workflowsById.set(wf.sid, wf);
    let config = null;
    try {
      config = parseWorkflowConfig(wf.configuration, (sid) => s.queuesById.has(sid));
    } catch {
      config = null; // tasks of a workflow that no longer parses stay where they are
    }
    s.workflowConfigs.set(wf.sid, config);
  }
  for (const t of snap.tasks) s.tasksById.set(t.sid, t);
  const byCreation = [...snap.reservations].sort((a, b) => a.dateCreated - b.dateCreated);
  for (const r of byCreation) {
    s.reservationsById.set(r.sid, r);
    getOrCreate(s.reservationsByTask, r.taskSid, () => []).push(r.sid);
    getOrCreate(s.reservationsByWorker, r.workerSid, () => []).push(r.sid);
    if (ACTIVE_RESERVATION.has(r.reservationStatus)) {
      getOrCreate(s.activeByWorker, r.workerSid, () => new Set<string>()).add(r.sid);
    }
    if (r.reservationStatus === "pending") s.indexes.timers.arm("reservation", r.sid, r.timeoutAt);
  }
  for (const w of s.workersById.values()) bindWorker(s, w);
  for (const t of s.tasksById.values()) syncTask(s, t);
  return s;
}

/**
 * Rebuild a workspace's in-memory state from persisted entities: compiled queue expressions and
 * workflow configurations here, then entity maps, queue membership, available sets, waiting tasks
 * and every timer in WorkspaceState.load (due ones fire on the next tick). No events, no effects.
 */
import { type CompiledExpression, compileExpression } from "../expression/index.ts";
import { WorkspaceState } from "./state/workspace-state.ts";
import type { WorkspaceSnapshot } from "./view.ts";
import { parseWorkflowConfig, type WorkflowConfig } from "./workflow/config.ts";

/**
 * Takes ownership of the snapshot's objects: they become the live entities. Every source hands over
 * fresh objects (the stores parse or copy on load, `WorkspaceEngine.snapshot()` copies), so no copy is
 * made here; copying a million tasks was the largest part of a restart.
 */
export function rebuildState(snapshot: WorkspaceSnapshot): WorkspaceState {
  const s = new WorkspaceState(snapshot.workspace);
  const expressions = new Map<string, CompiledExpression>();
  for (const q of snapshot.taskQueues)
    expressions.set(q.sid, compileExpression(q.targetWorkers, { where: "TargetWorkers" }));
  const queues = new Set(snapshot.taskQueues.map((q) => q.sid));
  const configs = new Map<string, WorkflowConfig | null>();
  for (const wf of snapshot.workflows) {
    let config = null;
    try {
      config = parseWorkflowConfig(wf.configuration, (sid) => queues.has(sid));
    } catch {
      config = null; // tasks of a workflow that no longer parses stay where they are
    }
    configs.set(wf.sid, config);
  }
  s.load(snapshot, expressions, configs);
  return s;
}

/**
 * Builds a WorkspaceEngine holding a generated workload (routing-workload.ts).
 *
 * Queues and the workflow go through `execute` like any client's commands. Workers are added by
 * restoring a snapshot (`WorkspaceEngine.restore`): the engine caps `worker.create` at TaskRouter's
 * 15,000 workers per workspace, and the scaling/scale benchmarks go past that on purpose. Restore
 * runs the same membership binding (`bindWorker`) as worker.create, without the events.
 */
import type { Worker, WorkerChannel } from "../../src/domain/entities.ts";
import { sequentialSids } from "../../src/domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG, type EngineDeps } from "../../src/engine/view.ts";
import { WorkspaceEngine } from "../../src/engine/workspace-engine.ts";
import { type WorkloadSpec, workflowConfiguration } from "./routing-workload.ts";

export const ACCOUNT_SID = `AC${"0".repeat(28)}beac`;
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface BuiltWorkspace {
  engine: WorkspaceEngine;
  workflowSid: string;
  queueSids: Map<string, string>;
  availableActivitySid: string;
  offlineActivitySid: string;
  /** The clock value after building; suites move it forward. */
  now: number;
}

/** A SID that never collides with the engine's own sequential ones (those count up from 1). */
export function benchSid(prefix: string, n: number): string {
  return `${prefix}f${n.toString(16).padStart(31, "0")}`;
}

export function buildEngine(spec: WorkloadSpec): BuiltWorkspace {
  const deps: EngineDeps = {
    accountSid: ACCOUNT_SID,
    sids: sequentialSids(),
    config: DEFAULT_ENGINE_CONFIG,
  };
  let now = START;
  const created = WorkspaceEngine.create(deps, { friendlyName: "Bench" }, now);
  let engine = created.engine;
  const activities = [...engine.view.activities()];
  const available = activities.find((a) => a.available);
  const offline =
    activities.find((a) => a.friendlyName === "Offline") ?? activities.find((a) => !a.available);
  if (!available || !offline) throw new Error("the default workspace has no Available/Offline activity");

  const queueSids = new Map<string, string>();
  for (const q of spec.queues) {
    const out = engine.execute(
      { type: "taskQueue.create", friendlyName: q.name, targetWorkers: q.targetWorkers },
      now++,
    );
    queueSids.set(q.name, (out.result as { sid: string }).sid);
  }
  const sidOf = (name: string) => {
    const sid = queueSids.get(name);
    if (!sid) throw new Error(`workload names an unknown queue ${name}`);
    return sid;
  };
  const wf = engine.execute(
    {
      type: "workflow.create",
      friendlyName: "Bench routing",
      configuration: workflowConfiguration(spec, sidOf),
    },
    now++,
  );
  const workflowSid = (wf.result as { sid: string }).sid;

  // One real worker gives the entity shapes (its channels on every task channel); the workload's
  // workers are copies with their own SIDs, names, attributes and activity.
  const template = engine.execute(
    { type: "worker.create", friendlyName: "template", attributes: "{}", activitySid: offline.sid },
    now++,
  ).result as Worker;
  const snapshot = engine.snapshot();
  const templateChannels = snapshot.workerChannels.filter((c) => c.workerSid === template.sid);
  snapshot.workers = [];
  snapshot.workerChannels = [];
  let channelN = 0;
  for (const [i, w] of spec.workers.entries()) {
    const sid = benchSid("WK", i + 1);
    const attributes = JSON.stringify(w.attrs);
    snapshot.workers.push({
      ...template,
      sid,
      friendlyName: w.name,
      attributes,
      attrs: w.attrs,
      activitySid: w.available ? available.sid : offline.sid,
      // Distinct status times give a defined longest-idle order from the start.
      dateStatusChanged: now - spec.workers.length + i,
    });
    for (const c of templateChannels) {
      const channel: WorkerChannel = { ...c, sid: benchSid("WC", ++channelN), workerSid: sid };
      snapshot.workerChannels.push(channel);
    }
  }
  engine = WorkspaceEngine.restore(deps, snapshot, now);
  return {
    engine,
    workflowSid,
    queueSids,
    availableActivitySid: available.sid,
    offlineActivitySid: offline.sid,
    now,
  };
}

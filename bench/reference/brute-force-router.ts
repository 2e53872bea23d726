/**
 * The brute-force reference router: for each task, the first workflow filter whose expression
 * matches, then its first target; every worker of the workspace is tested (available on the
 * channel, the queue's TargetWorkers, the target expression) and the longest idle match wins.
 * It uses the same compiled expressions as the engine (src/expression), so the difference the
 * benchmarks measure is the engine's indexing (membership sets, available sets), not evaluation.
 */
import type { JsonObject } from "../../src/domain/entities.ts";
import type { WorkspaceView } from "../../src/engine/view.ts";
import { type CompiledExpression, compileExpression } from "../../src/expression/index.ts";
import type { WorkloadSpec } from "../workloads/routing-workload.ts";

export interface RefWorker {
  sid: string;
  attrs: JsonObject;
  available: boolean;
  lastAssignedAt: number;
  dateStatusChanged: number;
}

interface RefTarget {
  queue: CompiledExpression;
  expression: CompiledExpression | null;
}

export class BruteForceRouter {
  private readonly filters: { expression: CompiledExpression; first: RefTarget }[];
  private readonly fallback: RefTarget;
  workers: RefWorker[] = [];

  constructor(spec: WorkloadSpec) {
    const queueExpr = new Map(
      spec.queues.map((q) => [q.name, compileExpression(q.targetWorkers, { where: "TargetWorkers" })]),
    );
    const target = (queue: string, expression?: string): RefTarget => ({
      queue: queueExpr.get(queue) as CompiledExpression,
      expression: expression ? compileExpression(expression, { context: "target" }) : null,
    });
    this.filters = spec.workflow.filters.map((f) => {
      const t = f.targets[0];
      if (!t) throw new Error(`filter ${f.name} has no target`);
      return { expression: compileExpression(f.expression), first: target(t.queue, t.expression) };
    });
    this.fallback = target(spec.workflow.defaultQueue);
  }

  /** Copies availability and idle order from the engine's view (channel = the task channel). */
  syncFrom(view: WorkspaceView, channel: string): void {
    this.workers = [];
    for (const w of view.workers()) {
      const wc = view.workerChannel(w.sid, channel);
      this.workers.push({
        sid: w.sid,
        attrs: w.attrs,
        available: wc !== undefined && view.workerChannelState(wc).available,
        lastAssignedAt: w.lastAssignedAt,
        dateStatusChanged: w.dateStatusChanged,
      });
    }
  }

  /** The worker the task should be reserved for at creation, or null when none can take it. */
  decide(task: JsonObject): RefWorker | null {
    let target = this.fallback;
    for (const f of this.filters) {
      if (f.expression.matches(task)) {
        target = f.first;
        break;
      }
    }
    let best: RefWorker | null = null;
    for (const w of this.workers) {
      if (!w.available || !target.queue.matches(w.attrs)) continue;
      if (target.expression && !target.expression.matches({ task, worker: w.attrs })) continue;
      if (best === null || idleBefore(w, best)) best = w;
    }
    return best;
  }
}

function idleBefore(a: RefWorker, b: RefWorker): boolean {
  if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt < b.lastAssignedAt;
  if (a.dateStatusChanged !== b.dateStatusChanged) return a.dateStatusChanged < b.dateStatusChanged;
  return a.sid < b.sid;
}

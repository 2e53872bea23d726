/**
 * ListTaskQueue filters: FriendlyName, EvaluateWorkerAttributes (a worker attributes document: the
 * queues whose TargetWorkers it satisfies), WorkerSid (the queues the worker is eligible for), and
 * Ordering (DateCreated | DateUpdated, asc | desc).
 */
import type { JsonObject, TaskQueue } from "../../domain/entities.ts";
import type { WorkspaceView } from "../../engine/view.ts";
import { compileExpression } from "../../expression/index.ts";
import { jsonObjectParam } from "../json-param.ts";
import type { Params } from "../params.ts";
import { parseOrdering, sortBy } from "./ordering.ts";

const ORDER_FIELDS = ["DateCreated", "DateUpdated"] as const;

export function listTaskQueues(view: WorkspaceView, q: Params, now: number): TaskQueue[] {
  const friendlyName = q.string("FriendlyName");
  const attributesText = jsonObjectParam(q, "EvaluateWorkerAttributes");
  const attributes = attributesText === undefined ? undefined : (JSON.parse(attributesText) as JsonObject);
  const workerSid = q.sid("WorkerSid", "WK");
  const ordering = parseOrdering(q.string("Ordering") ?? "DateCreated:asc", ORDER_FIELDS);

  const ofWorker =
    workerSid === undefined ? undefined : new Set([...view.queuesOfWorker(workerSid)].map((tq) => tq.sid));
  const queues = [...view.taskQueues()].filter(
    (tq) =>
      (friendlyName === undefined || tq.friendlyName === friendlyName) &&
      (ofWorker === undefined || ofWorker.has(tq.sid)) &&
      (attributes === undefined ||
        compileExpression(tq.targetWorkers, { where: "TargetWorkers" }).matches(attributes, { now })),
  );
  return sortBy(queues, ordering, (tq, field) => (field === "DateCreated" ? tq.dateCreated : tq.dateUpdated));
}

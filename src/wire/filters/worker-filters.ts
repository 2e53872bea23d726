/**
 * ListWorker filters: ActivityName, ActivitySid, Available, FriendlyName, TargetWorkersExpression,
 * TaskQueueName, TaskQueueSid, and Ordering (DateCreated | DateStatusChanged, asc | desc).
 *
 * TargetWorkersExpression is evaluated against the worker's attributes plus its own fields `sid`,
 * `friendly_name`, `activity_sid` and `activity_name` (the fields win over same-named attributes),
 * built once per worker version (./worker-documents.ts); the expression's requirements run first,
 * and the result is remembered per document (matchMemo) for expressions that do not read the time.
 */
import type { Worker } from "../../domain/entities.ts";
import type { WorkspaceView } from "../../engine/view.ts";
import { compileExpression } from "../../expression/index.ts";
import type { Params } from "../params.ts";
import { isSorted, parseOrdering, sortBy } from "./ordering.ts";
import { matchMemo, meetsRequirements, workerDocument } from "./worker-documents.ts";

const ORDER_FIELDS = ["DateCreated", "DateStatusChanged"] as const;

/** The matching workers in list order. */
export function listWorkers(view: WorkspaceView, q: Params, now: number): Worker[] {
  return selectWorkers(view, q, now).items;
}

/** listWorkers, saying whether the result may be reused while the workspace is unchanged. */
export function selectWorkers(
  view: WorkspaceView,
  q: Params,
  now: number,
): { items: Worker[]; reusable: boolean } {
  const activityName = q.string("ActivityName");
  const activitySid = q.sid("ActivitySid", "WA");
  const available = q.boolean("Available");
  const friendlyName = q.string("FriendlyName")?.toLowerCase();
  const expressionText = q.string("TargetWorkersExpression");
  const expression =
    expressionText === undefined
      ? undefined
      : compileExpression(expressionText, { where: "TargetWorkersExpression" });
  const queueSid = q.sid("TaskQueueSid", "WQ");
  const queueName = q.string("TaskQueueName");
  const ordering = parseOrdering(q.string("Ordering") ?? "DateCreated:asc", ORDER_FIELDS);

  // Queue filters narrow the candidates to the eligible members of the named queue(s).
  let candidates: Iterable<Worker> = view.workers();
  if (queueSid !== undefined || queueName !== undefined) {
    const queues = [...view.taskQueues()].filter(
      (tq) =>
        (queueSid === undefined || tq.sid === queueSid) &&
        (queueName === undefined || tq.friendlyName === queueName),
    );
    const members = new Set<string>();
    for (const tq of queues) for (const w of view.queueMembers(tq.sid)) members.add(w.sid);
    candidates = [...view.workers()].filter((w) => members.has(w.sid));
  }

  const env = { now };
  const memo =
    expression !== undefined && expressionText !== undefined && !expression.usesTime
      ? matchMemo(expressionText)
      : undefined;
  const workers: Worker[] = [];
  for (const w of candidates) {
    const activity = view.activity(w.activitySid);
    if (activitySid !== undefined && w.activitySid !== activitySid) continue;
    if (activityName !== undefined && activity?.friendlyName !== activityName) continue;
    if (available !== undefined && (activity?.available ?? false) !== available) continue;
    if (friendlyName !== undefined && w.friendlyName.toLowerCase() !== friendlyName) continue;
    if (expression !== undefined && !expression.alwaysTrue) {
      const document = workerDocument(w, activity?.friendlyName);
      let matched = memo?.get(document);
      if (matched === undefined) {
        matched = meetsRequirements(document, expression.requirements) && expression.matches(document, env);
        memo?.set(document, matched);
      }
      if (!matched) continue;
    }
    workers.push(w);
  }
  const value = (w: Worker, field: (typeof ORDER_FIELDS)[number]) =>
    field === "DateCreated" ? w.dateCreated : w.dateStatusChanged;
  // The view lists workers in creation order: the default ordering usually needs no sort at all.
  const items = isSorted(workers, ordering, value) ? workers : sortBy(workers, ordering, value);
  return { items, reusable: expression === undefined || !expression.usesTime };
}

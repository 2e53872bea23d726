/**
 * The body of POST /TaskQueues/RealTimeStatistics. The twilio SDK sends a JSON array
 * `[{"task_queue_sid": "WQ…"}, …]`; TaskRouter's docs show `{"QueueSids": ["WQ…", …]}` (and
 * `queueSids`); a form body with repeated QueueSids is accepted too. 1 to 50 TaskQueue SIDs, each
 * well formed, else a 400; SIDs of no queue here are answered with zeros.
 */
import { invalidParameter } from "../../../domain/errors.ts";
import { isSid } from "../../../domain/sid.ts";

export const MAX_BULK_QUEUES = 50;

function sidOfItem(item: unknown): unknown {
  if (item !== null && typeof item === "object" && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    return o.task_queue_sid ?? o.TaskQueueSid ?? o.taskQueueSid ?? o.QueueSid ?? o.queue_sid;
  }
  return item;
}

function listOf(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body.map(sidOfItem);
  if (body !== null && typeof body === "object") {
    const o = body as Record<string, unknown>;
    const value = o.QueueSids ?? o.queueSids ?? o.queue_sids ?? o.TaskQueueSids;
    if (Array.isArray(value)) return value.map(sidOfItem);
    if (typeof value === "string") return [value];
  }
  return undefined;
}

export function bulkQueueSids(body: unknown): string[] {
  const list = listOf(body);
  if (list === undefined || list.length === 0)
    throw invalidParameter(
      "QueueSids",
      'expected 1 to 50 TaskQueue SIDs, as [{"task_queue_sid": "WQ…"}] or {"QueueSids": ["WQ…"]}',
    );
  if (list.length > MAX_BULK_QUEUES)
    throw invalidParameter(
      "QueueSids",
      `at most ${MAX_BULK_QUEUES} TaskQueue SIDs per request, got ${list.length}`,
    );
  return list.map((value, i) => {
    if (typeof value !== "string" || !isSid(value, "WQ"))
      throw invalidParameter(
        "QueueSids",
        `item ${i} is not a TaskQueue SID (WQ + 32 hex digits): ${JSON.stringify(value)}`,
      );
    return value;
  });
}

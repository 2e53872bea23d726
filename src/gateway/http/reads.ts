/** Workspace-wide reads a worker token may make: the workspace, activities, task queues, workers. */

import { notFound } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import { listTaskQueues } from "../../wire/filters/queue-filters.ts";
import { listWorkers } from "../../wire/filters/worker-filters.ts";
import { serializeActivity } from "../../wire/serializers/activity.ts";
import type { Payload } from "../../wire/serializers/dialect.ts";
import { sdkPage } from "../../wire/serializers/sdk-page.ts";
import { serializeTaskQueue } from "../../wire/serializers/task-queue.ts";
import { serializeWorker } from "../../wire/serializers/worker.ts";
import { serializeWorkspace } from "../../wire/serializers/workspace.ts";
import { type Call, dialect } from "./call.ts";

export function getWorkspace(call: Call): Payload {
  return serializeWorkspace(dialect(call));
}

export function listActivities(call: Call): Payload {
  const ctx = dialect(call);
  const friendlyName = call.params.string("FriendlyName");
  const available = call.params.boolean("Available");
  const items = [...ctx.view.activities()].filter(
    (a) =>
      (friendlyName === undefined || a.friendlyName === friendlyName) &&
      (available === undefined || a.available === available),
  );
  return sdkPage(
    items,
    call.params,
    (a) => a.sid,
    (a) => serializeActivity(ctx, a),
  );
}

export function getActivity(call: Call, sid: string): Payload {
  const activity = isSid(sid, "WA") ? call.session.host.view.activity(sid) : undefined;
  if (activity === undefined) throw notFound("Activity", sid);
  return serializeActivity(dialect(call), activity);
}

export function listQueues(call: Call): Payload {
  const ctx = dialect(call);
  const items = listTaskQueues(ctx.view, call.params, ctx.now);
  return sdkPage(
    items,
    call.params,
    (q) => q.sid,
    (q) => serializeTaskQueue(ctx, q),
  );
}

export function getQueue(call: Call, sid: string): Payload {
  const queue = isSid(sid, "WQ") ? call.session.host.view.taskQueue(sid) : undefined;
  if (queue === undefined) throw notFound("TaskQueue", sid);
  return serializeTaskQueue(dialect(call), queue);
}

export function listAllWorkers(call: Call): Payload {
  const ctx = dialect(call);
  const items = listWorkers(ctx.view, call.params, ctx.now);
  return sdkPage(
    items,
    call.params,
    (w) => w.sid,
    (w) => serializeWorker(ctx, w),
  );
}

export function getWorker(call: Call, sid: string): Payload {
  const worker = isSid(sid, "WK") ? call.session.host.view.worker(sid) : undefined;
  if (worker === undefined) throw notFound("Worker", sid);
  return serializeWorker(dialect(call), worker);
}

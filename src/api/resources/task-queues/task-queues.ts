/** TaskQueues: /v1/Workspaces/{WorkspaceSid}/TaskQueues[/{Sid}] (create, fetch, update, delete, list). */
import type { TaskQueue } from "../../../domain/entities.ts";
import { MAX_FRIENDLY_NAME, MAX_RESERVED_WORKERS } from "../../../domain/limits.ts";
import { listTaskQueues } from "../../../wire/filters/queue-filters.ts";
import type { Params } from "../../../wire/params.ts";
import { serializeTaskQueue } from "../../../wire/serializers/task-queue.ts";
import { body, listPage, query, type ResourcePlugin } from "../../context.ts";
import { found, pathParam, type Scope, scopeOf } from "../scope.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/TaskQueues";
const ONE = `${LIST}/:Sid`;
const TASK_ORDERS = ["FIFO", "LIFO"] as const;

function queueOf(scope: Scope, sid: string): TaskQueue {
  return found("TaskQueue", sid, "WQ", (s) => scope.view().taskQueue(s));
}

/** The optional fields shared by create and update. */
function queueFields(b: Params) {
  return {
    targetWorkers: b.string("TargetWorkers"),
    maxReservedWorkers: b.integer("MaxReservedWorkers", { min: 1, max: MAX_RESERVED_WORKERS }),
    taskOrder: b.enumOf("TaskOrder", TASK_ORDERS),
    reservationActivitySid: b.sid("ReservationActivitySid", "WA"),
    assignmentActivitySid: b.sid("AssignmentActivitySid", "WA"),
  };
}

export const taskQueuesPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request) => {
    const scope = scopeOf(deps, request);
    const ctx = scope.ctx();
    return listPage(request, {
      key: "task_queues",
      url: deps.url("v1", "Workspaces", scope.host.sid, "TaskQueues"),
      items: listTaskQueues(scope.view(), query(request), ctx.now),
      sidOf: (tq) => tq.sid,
      render: (tq) => serializeTaskQueue(ctx, tq),
    });
  });

  app.post(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const queue = await scope.host.execute({
      type: "taskQueue.create",
      friendlyName: b.required("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      ...queueFields(b),
    });
    return reply.code(201).send(serializeTaskQueue(scope.ctx(), queue));
  });

  app.get(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    return serializeTaskQueue(scope.ctx(), queueOf(scope, pathParam(request, "Sid")));
  });

  app.post(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const sid = queueOf(scope, pathParam(request, "Sid")).sid;
    const b = body(request);
    const queue = await scope.host.execute({
      type: "taskQueue.update",
      sid,
      friendlyName: b.string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      ...queueFields(b),
    });
    return serializeTaskQueue(scope.ctx(), queue);
  });

  app.delete(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = queueOf(scope, pathParam(request, "Sid")).sid;
    await scope.host.execute({ type: "taskQueue.delete", sid });
    return reply.code(204).send();
  });
};

/**
 * Tasks: /v1/Workspaces/{WorkspaceSid}/Tasks[/{Sid}] (create, fetch, update, delete, list).
 * Single-task responses and the list carry an `ETag`; Update and Delete honour `If-Match` (412 on
 * mismatch, checked by the engine). Attributes are `null` in list responses; `age` comes from the
 * server clock.
 */
import type { Task } from "../../../domain/entities.ts";
import { MAX_ATTRIBUTES_LENGTH, MAX_PRIORITY } from "../../../domain/limits.ts";
import { jsonObjectParam } from "../../../wire/json-param.ts";
import { ifMatch, setEtag } from "../../../wire/render.ts";
import { serializeTask } from "../../../wire/serializers/task.ts";
import { taskCreateCommand } from "../../../wire/tasks/create-command.ts";
import { TASK_STATUSES, virtualStartTime } from "../../../wire/tasks/task-params.ts";
import { body, listPage, query, type ResourcePlugin } from "../../context.ts";
import { listEtag } from "../list-etag.ts";
import { found, pathParam, type Scope, scopeOf } from "../scope.ts";
import { listTasks } from "./task-filters.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Tasks";
const ONE = `${LIST}/:Sid`;

export function taskOf(scope: Scope, sid: string): Task {
  return found("Task", sid, "WT", (s) => scope.view().task(s));
}

export const tasksPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const ctx = scope.ctx();
    const items = listTasks(scope.view(), query(request), ctx.now);
    reply.header("ETag", listEtag(items));
    return listPage(request, {
      key: "tasks",
      url: deps.url("v1", "Workspaces", scope.host.sid, "Tasks"),
      items,
      sidOf: (t) => t.sid,
      render: (t) => serializeTask(ctx, t, true),
    });
  });

  app.post(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const task = await scope.host.execute(taskCreateCommand(body(request), deps.clock.now()));
    setEtag(reply, task.version);
    return reply.code(201).send(serializeTask(scope.ctx(), task));
  });

  app.get(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const task = taskOf(scope, pathParam(request, "Sid"));
    setEtag(reply, task.version);
    return serializeTask(scope.ctx(), task);
  });

  app.post(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = taskOf(scope, pathParam(request, "Sid")).sid;
    const b = body(request);
    const task = await scope.host.execute({
      type: "task.update",
      sid,
      attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
      assignmentStatus: b.enumOf("AssignmentStatus", TASK_STATUSES),
      reason: b.string("Reason"),
      priority: b.integer("Priority", { min: 0, max: MAX_PRIORITY }),
      taskChannel: b.string("TaskChannel"),
      virtualStartTime: virtualStartTime(b, deps.clock.now()),
      ifMatch: ifMatch(request),
    });
    setEtag(reply, task.version);
    return serializeTask(scope.ctx(), task);
  });

  app.delete(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = taskOf(scope, pathParam(request, "Sid")).sid;
    await scope.host.execute({ type: "task.delete", sid, ifMatch: ifMatch(request) });
    return reply.code(204).send();
  });
};

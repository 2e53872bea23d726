/**
 * Workflows: /v1/Workspaces/{WorkspaceSid}/Workflows[/{Sid}] (create, fetch, update, delete, list).
 * `Configuration` is kept and returned verbatim; the engine parses and validates its routing rules.
 */
import type { Workflow } from "../../domain/entities.ts";
import { MAX_FRIENDLY_NAME, MAX_RESERVATION_TIMEOUT } from "../../domain/limits.ts";
import { reevaluateTasks } from "../../runtime/reevaluation.ts";
import { jsonObjectParam } from "../../wire/json-param.ts";
import type { Params } from "../../wire/params.ts";
import { serializeWorkflow } from "../../wire/serializers/workflow.ts";
import { urlParam } from "../../wire/url-param.ts";
import { body, listPage, query, type ResourcePlugin } from "../context.ts";
import { found, pathParam, type Scope, scopeOf } from "./scope.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Workflows";
const ONE = `${LIST}/:Sid`;

function workflowOf(scope: Scope, sid: string): Workflow {
  return found("Workflow", sid, "WW", (s) => scope.view().workflow(s));
}

function workflowFields(b: Params) {
  return {
    assignmentCallbackUrl: urlParam(b, "AssignmentCallbackUrl"),
    fallbackAssignmentCallbackUrl: urlParam(b, "FallbackAssignmentCallbackUrl"),
    taskReservationTimeout: b.integer("TaskReservationTimeout", { min: 1, max: MAX_RESERVATION_TIMEOUT }),
  };
}

export const workflowsPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(LIST, async (request) => {
    const scope = scopeOf(deps, request);
    const friendlyName = query(request).string("FriendlyName");
    const ctx = scope.ctx();
    return listPage(request, {
      key: "workflows",
      url: deps.url("v1", "Workspaces", scope.host.sid, "Workflows"),
      items: [...scope.view().workflows()].filter(
        (w) => friendlyName === undefined || w.friendlyName === friendlyName,
      ),
      sidOf: (w) => w.sid,
      render: (w) => serializeWorkflow(ctx, w),
    });
  });

  app.post(LIST, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const friendlyName = b.required("FriendlyName", { maxLength: MAX_FRIENDLY_NAME });
    b.required("Configuration");
    const configuration = jsonObjectParam(b, "Configuration") as string;
    const workflow = await scope.host.execute({
      type: "workflow.create",
      friendlyName,
      configuration,
      ...workflowFields(b),
    });
    return reply.code(201).send(serializeWorkflow(scope.ctx(), workflow));
  });

  app.get(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    return serializeWorkflow(scope.ctx(), workflowOf(scope, pathParam(request, "Sid")));
  });

  app.post(ONE, async (request) => {
    const scope = scopeOf(deps, request);
    const sid = workflowOf(scope, pathParam(request, "Sid")).sid;
    const b = body(request);
    const workflow = await scope.host.execute({
      type: "workflow.update",
      sid,
      friendlyName: b.string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }),
      configuration: jsonObjectParam(b, "Configuration"),
      ...workflowFields(b),
    });
    // Routed again in chunks after the update commits, so a large workspace keeps others answering.
    if (b.boolean("ReEvaluateTasks") === true) await reevaluateTasks(scope.host, sid);
    return serializeWorkflow(scope.ctx(), workflow);
  });

  app.delete(ONE, async (request, reply) => {
    const scope = scopeOf(deps, request);
    const sid = workflowOf(scope, pathParam(request, "Sid")).sid;
    await scope.host.execute({ type: "workflow.delete", sid });
    return reply.code(204).send();
  });
};

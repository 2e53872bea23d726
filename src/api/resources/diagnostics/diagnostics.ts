/**
 * Diagnostics (Tasklane additions, not TaskRouter resources; docs/diagnostics.md):
 *
 *   GET  /tasklane/v1/Workspaces/{WS}/Tasks/{WT}/Explanation[?Examples=5]   why the task is (not) assigned
 *   POST /tasklane/v1/Workspaces/{WS}/Workflows/Simulate                    where a task would go
 *        Configuration | WorkflowSid, Attributes, TaskChannel, Priority, Timeout, Time
 *
 * Both read the workspace's current state and change nothing (no command goes through the writer).
 * Configuration and Attributes are checked as the Workflows and Tasks resources check them, then the
 * engine validates the configuration exactly as workflow create does.
 */

import { MAX_PRIORITY, MAX_TASK_TIMEOUT } from "../../../domain/limits.ts";
import {
  explainTask,
  MAX_EXAMPLES,
  type SimulationInput,
  simulateWorkflow,
} from "../../../engine/diagnostics/index.ts";
import { jsonObjectParam } from "../../../wire/json-param.ts";
import { body, query, type ResourcePlugin } from "../../context.ts";
import { found, pathParam, scopeOf } from "../scope.ts";
import { toWire } from "./wire.ts";

const BASE = "/tasklane/v1/Workspaces/:WorkspaceSid";

export const diagnosticsPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(`${BASE}/Tasks/:Sid/Explanation`, async (request) => {
    const scope = scopeOf(deps, request);
    const view = scope.view();
    const task = found("Task", pathParam(request, "Sid"), "WT", (sid) => view.task(sid));
    const examples = query(request).integer("Examples", { min: 0, max: MAX_EXAMPLES }) ?? 5;
    const explanation = explainTask(view, task.sid, deps.clock.now(), { examples });
    return {
      ...(toWire(explanation) as Record<string, unknown>),
      url: deps.url("tasklane", "v1", "Workspaces", scope.host.sid, "Tasks", task.sid, "Explanation"),
    };
  });

  app.post(`${BASE}/Workflows/Simulate`, async (request) => {
    const scope = scopeOf(deps, request);
    const b = body(request);
    const input: SimulationInput = {
      configuration: jsonObjectParam(b, "Configuration"),
      workflowSid: b.string("WorkflowSid"),
      attributes: jsonObjectParam(b, "Attributes"),
      taskChannel: b.string("TaskChannel"),
      priority: b.integer("Priority", { min: 0, max: MAX_PRIORITY }),
      timeout: b.integer("Timeout", { min: 1, max: MAX_TASK_TIMEOUT }),
      time: b.date("Time"),
    };
    const simulation = simulateWorkflow(scope.view(), input, deps.clock.now());
    return {
      ...(toWire(simulation) as Record<string, unknown>),
      url: deps.url("tasklane", "v1", "Workspaces", scope.host.sid, "Workflows", "Simulate"),
    };
  });
};

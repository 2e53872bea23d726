/**
 * The `task.create` command of a Task create form (REST's `POST /Tasks`): the wire's ranges and
 * shapes are checked here (limits from src/domain/limits.ts); what depends on the workspace
 * (channel, workflow, routing target, attributes' JSON) is the engine's plan (engine/tasks/plan.ts).
 * `channelNames`: the parameters that may name the channel, the first given wins (the worker SDK
 * sends TaskChannelSid or TaskChannelUniqueName, REST TaskChannel).
 */
import { MAX_ATTRIBUTES_LENGTH, MAX_PRIORITY, MAX_TASK_TIMEOUT } from "../../domain/limits.ts";
import type { CommandOf } from "../../engine/commands.ts";
import { jsonObjectParam } from "../json-param.ts";
import type { Params } from "../params.ts";
import { routingTarget, virtualStartTime } from "./task-params.ts";

export function taskCreateCommand(
  b: Params,
  now: number,
  channelNames: readonly string[] = ["TaskChannel"],
): CommandOf<"task.create"> {
  return {
    type: "task.create",
    timeout: b.integer("Timeout", { min: 1, max: MAX_TASK_TIMEOUT }),
    priority: b.integer("Priority", { min: 0, max: MAX_PRIORITY }),
    taskChannel: channelNames.map((name) => b.string(name)).find((value) => value !== undefined),
    workflowSid: b.sid("WorkflowSid", "WW"),
    attributes: jsonObjectParam(b, "Attributes", { maxLength: MAX_ATTRIBUTES_LENGTH }),
    virtualStartTime: virtualStartTime(b, now),
    routingTarget: routingTarget(b),
    ignoreCapacity: b.boolean("IgnoreCapacity"),
    taskQueueSid: b.sid("TaskQueueSid", "WQ"),
  };
}

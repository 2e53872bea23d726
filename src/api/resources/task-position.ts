/**
 * A task's place in its queue (a Tasklane addition, docs/operations.md "Position in queue"):
 *
 *   GET /tasklane/v1/Workspaces/{WS}/Tasks/{WT}/Position[?Minutes=15]
 *
 * The position comes from the engine (engine/chores/position.ts), the estimate from the queue's
 * cumulative history on the task's channel over the last Minutes. Read-only: nothing goes through
 * the workspace's writer.
 */
import { estimateWait, taskPosition } from "../../engine/chores/index.ts";
import { RETENTION_MS } from "../../stats/cumulative/workspace-history.ts";
import { query, type ResourcePlugin } from "../context.ts";
import { found, pathParam, scopeOf } from "./scope.ts";
import { DEFAULT_MINUTES } from "./statistics/params.ts";

const PATH = "/tasklane/v1/Workspaces/:WorkspaceSid/Tasks/:Sid/Position";

export const taskPositionPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(PATH, async (request) => {
    const scope = scopeOf(deps, request);
    const view = scope.view();
    const task = found("Task", pathParam(request, "Sid"), "WT", (sid) => view.task(sid));
    const minutes =
      query(request).integer("Minutes", { min: 1, max: RETENTION_MS / 60_000 }) ?? DEFAULT_MINUTES;
    const now = deps.clock.now();
    const position = taskPosition(view, task.sid, now);
    const history = { windowSeconds: minutes * 60, accepted: 0, waitSeconds: 0 };
    if (position.taskQueueSid !== null && position.position !== null) {
      const summary = deps.runtime.statistics.summarize(scope.host.sid, {
        scope: `q:${position.taskQueueSid}`,
        channelSid: task.taskChannelSid,
        start: now - minutes * 60_000,
        end: now,
      });
      const waits = summary.measures.wait_duration_in_queue_until_accepted;
      history.accepted = waits.count;
      history.waitSeconds = waits.sum;
    }
    const estimate = estimateWait(position, history);
    return {
      task_sid: position.taskSid,
      assignment_status: position.assignmentStatus,
      task_queue_sid: position.taskQueueSid,
      task_queue_name: position.taskQueueName,
      task_channel_unique_name: position.taskChannelUniqueName,
      position: position.position,
      tasks_ahead: position.tasksAhead,
      tasks_waiting: position.tasksWaiting,
      seconds_in_queue: position.secondsInQueue,
      estimated_wait_seconds: estimate.estimatedWaitSeconds,
      estimate: {
        minutes,
        accepted: history.accepted,
        seconds_per_acceptance: estimate.secondsPerAcceptance,
        average_wait_seconds: estimate.averageWaitSeconds,
      },
      url: deps.url("tasklane", "v1", "Workspaces", scope.host.sid, "Tasks", task.sid, "Position"),
    };
  });
};

/**
 * ReEvaluateTasks without holding the event loop: after the workflow update is committed, the
 * workflow's pending tasks are routed again CHUNK at a time, each chunk one command through the
 * workspace's writer (one durable commit each). Between chunks the server answers other requests and
 * other workspaces' writes; a write to the same workspace that arrives meanwhile is applied between
 * two chunks, and a task it moved on (assigned, canceled) is skipped by the chunk that lists it.
 *
 * What this gives up: the update and the re-evaluation are not one transaction. A crash between two
 * chunks leaves the remaining tasks in the steps they had (as an update without ReEvaluateTasks does);
 * repeat the update with ReEvaluateTasks to finish.
 */
import { awaitsReevaluation } from "../engine/admin/workflows.ts";
import type { WorkspaceHost } from "./workspace-host.ts";

export const REEVALUATION_CHUNK = 100;

export async function reevaluateTasks(
  host: WorkspaceHost,
  workflowSid: string,
  chunk = REEVALUATION_CHUNK,
): Promise<number> {
  const taskSids: string[] = [];
  for (const task of host.view.tasks()) {
    if (awaitsReevaluation(task, workflowSid)) taskSids.push(task.sid);
  }
  for (let i = 0; i < taskSids.length; i += chunk) {
    await host.execute({
      type: "workflow.reevaluate",
      sid: workflowSid,
      taskSids: taskSids.slice(i, i + chunk),
    });
  }
  return taskSids.length;
}

/**
 * Workspace creation with TaskRouter's defaults, and workspace updates.
 *
 * Defaults: activities Offline (default and timeout activity, unavailable), Available, Unavailable;
 * task channels default, voice, sms, chat, video. Template FIFO adds "Sample Queue" (1==1) and the
 * "Default Fifo Workflow" routing everything to it.
 */
import type { TaskOrder, Workspace } from "../../domain/entities.ts";
import { invalidParameter } from "../../domain/errors.ts";
import { MAX_DISCONNECT_GRACE_SECONDS } from "../../domain/limits.ts";
import { applyWorkspaceChores, checkWorkspaceChores } from "../chores/settings.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { checkFriendlyName } from "../validation/params.ts";
import type { CreateWorkspaceParams } from "../view.ts";
import { addActivity, requireActivityParam } from "./activities.ts";
import { addTaskChannel } from "./task-channels.ts";
import { createTaskQueue } from "./task-queues.ts";
import { createWorkflow } from "./workflows.ts";

const DEFAULT_CHANNELS: [string, string][] = [
  ["Default", "default"],
  ["Voice", "voice"],
  ["SMS", "sms"],
  ["Chat", "chat"],
  ["Video", "video"],
];

function checkOrder(order: string): TaskOrder {
  if (order !== "FIFO" && order !== "LIFO") {
    throw invalidParameter("PrioritizeQueueOrder", `must be FIFO or LIFO (got ${order})`);
  }
  return order;
}

/** Validate creation parameters before any entity exists. */
export function checkCreateParams(params: CreateWorkspaceParams): void {
  if (params.friendlyName === undefined || params.friendlyName.trim() === "") {
    throw invalidParameter("FriendlyName", "is required");
  }
  checkFriendlyName("FriendlyName", params.friendlyName);
  if (params.template !== undefined && params.template !== "NONE" && params.template !== "FIFO") {
    throw invalidParameter("Template", `must be NONE or FIFO (got ${params.template})`);
  }
  if (params.prioritizeQueueOrder !== undefined) checkOrder(params.prioritizeQueueOrder);
}

/** Fill a freshly created (empty) workspace with the default entities. */
export function populateWorkspace(ctx: Ctx, params: CreateWorkspaceParams): void {
  const ws = ctx.s.workspace;
  ctx.created("workspace", ws);
  ctx.emit("workspace.created", ws.sid, `Workspace ${ws.friendlyName} created`, {});
  const offline = addActivity(ctx, "Offline", false);
  addActivity(ctx, "Available", true);
  addActivity(ctx, "Unavailable", false);
  ws.defaultActivitySid = offline.sid;
  ws.timeoutActivitySid = offline.sid;
  for (const [friendly, unique] of DEFAULT_CHANNELS) addTaskChannel(ctx, friendly, unique, false);
  if (params.chores) applyWorkspaceChores(ctx, checkWorkspaceChores(ctx.s, params.chores));
  if (params.template === "FIFO") {
    const queue = createTaskQueue(ctx, {
      type: "taskQueue.create",
      friendlyName: "Sample Queue",
      targetWorkers: "1==1",
    });
    createWorkflow(ctx, {
      type: "workflow.create",
      friendlyName: "Default Fifo Workflow",
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
  }
}

export function updateWorkspace(ctx: Ctx, cmd: CommandOf<"workspace.update">): Workspace {
  const s = ctx.s;
  const ws = s.workspace;
  const name =
    cmd.friendlyName === undefined ? undefined : checkFriendlyName("FriendlyName", cmd.friendlyName);
  if (cmd.defaultActivitySid !== undefined)
    requireActivityParam(ctx, "DefaultActivitySid", cmd.defaultActivitySid);
  if (cmd.timeoutActivitySid !== undefined)
    requireActivityParam(ctx, "TimeoutActivitySid", cmd.timeoutActivitySid);
  if (cmd.disconnectActivitySid != null)
    requireActivityParam(ctx, "DisconnectActivitySid", cmd.disconnectActivitySid);
  const grace = cmd.disconnectGraceSeconds;
  if (grace != null && !(Number.isFinite(grace) && grace >= 0 && grace <= MAX_DISCONNECT_GRACE_SECONDS)) {
    throw invalidParameter(
      "DisconnectGraceSeconds",
      `must be 0..${MAX_DISCONNECT_GRACE_SECONDS} seconds (got ${grace})`,
    );
  }
  const order = cmd.prioritizeQueueOrder === undefined ? undefined : checkOrder(cmd.prioritizeQueueOrder);
  const chores = checkWorkspaceChores(s, cmd);
  if (cmd.multiTaskEnabled === false && ws.multiTaskEnabled) {
    throw invalidParameter(
      "MultiTaskEnabled",
      "a multitasking Workspace cannot be converted back to single-tasking",
    );
  }
  ctx.touch("workspace", ws);
  if (name !== undefined) ws.friendlyName = name;
  if (cmd.eventCallbackUrl !== undefined) ws.eventCallbackUrl = cmd.eventCallbackUrl || null;
  if (cmd.eventsFilter !== undefined) ws.eventsFilter = cmd.eventsFilter || null;
  if (cmd.defaultActivitySid !== undefined) ws.defaultActivitySid = cmd.defaultActivitySid;
  if (cmd.timeoutActivitySid !== undefined) ws.timeoutActivitySid = cmd.timeoutActivitySid;
  if (order !== undefined) ws.prioritizeQueueOrder = order;
  if (cmd.disconnectActivitySid !== undefined) ws.disconnectActivitySid = cmd.disconnectActivitySid;
  if (grace !== undefined) ws.disconnectGraceSeconds = grace;
  applyWorkspaceChores(ctx, chores);
  if (cmd.multiTaskEnabled === true && !ws.multiTaskEnabled) {
    s.enableMultiTasking();
    for (const worker of s.workersById.values()) ctx.enqueue({ kind: "worker", sid: worker.sid });
  }
  ctx.emit("workspace.updated", ws.sid, `Workspace ${ws.friendlyName} updated`, {});
  return ws;
}

export function recordDroppedCallbacks(ctx: Ctx, cmd: CommandOf<"workspace.eventCallbacksDropped">): null {
  const ws = ctx.s.workspace;
  ctx.emit(
    "workspace.event-callbacks-dropped",
    ws.sid,
    `${cmd.count} event callback(s) of Workspace ${ws.friendlyName} dropped: ${cmd.reason}`,
    {
      TasklaneDroppedCount: cmd.count,
      TasklaneDroppedFirstSequence: cmd.firstSequence,
      TasklaneDroppedLastSequence: cmd.lastSequence,
      TasklaneCallbackFailure: cmd.reason,
    },
  );
  return null;
}

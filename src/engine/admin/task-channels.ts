/**
 * TaskChannel commands. Every worker holds one WorkerChannel per TaskChannel (capacity 1, enabled),
 * so creating a channel adds one to every worker and deleting it removes them.
 */
import type { TaskChannel, Worker, WorkerChannel } from "../../domain/entities.ts";
import { conflict, invalidParameter, missingParameter, notFound } from "../../domain/errors.ts";
import { checkChoreSeconds, setWrapUpLimit } from "../chores/settings.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { channelFields } from "../events/fields.ts";
import { rulesName } from "../state/channel-rules.ts";
import { checkFriendlyName, requireFriendlyName } from "../validation/params.ts";

export const MAX_TASK_CHANNELS = 15;
const UNIQUE_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function getTaskChannel(ctx: Ctx, sidOrName: string): TaskChannel {
  const channel = ctx.s.taskChannel(sidOrName);
  if (!channel) throw notFound("TaskChannel", sidOrName);
  return channel;
}

export function addWorkerChannel(ctx: Ctx, worker: Worker, channel: TaskChannel): WorkerChannel {
  const wc: WorkerChannel = {
    sid: ctx.newSid("WC"),
    workspaceSid: ctx.s.workspace.sid,
    workerSid: worker.sid,
    taskChannelSid: channel.sid,
    taskChannelUniqueName: channel.uniqueName,
    configuredCapacity: 1,
    available: true,
    lastReservedTime: 0,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  ctx.s.putWorkerChannel(wc);
  ctx.created("workerChannel", wc);
  return wc;
}

export function addTaskChannel(
  ctx: Ctx,
  friendlyName: string,
  uniqueName: string,
  optimized: boolean,
): TaskChannel {
  const channel: TaskChannel = {
    sid: ctx.newSid("TC"),
    workspaceSid: ctx.s.workspace.sid,
    friendlyName,
    uniqueName,
    channelOptimizedRouting: optimized,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  ctx.s.putTaskChannel(channel);
  ctx.created("taskChannel", channel);
  ctx.emit("task-channel.created", channel.sid, `TaskChannel ${uniqueName} created`, channelFields(channel));
  for (const worker of ctx.s.workersById.values()) {
    addWorkerChannel(ctx, worker, channel);
    ctx.enqueue({ kind: "worker", sid: worker.sid });
  }
  return channel;
}

export function createTaskChannel(ctx: Ctx, cmd: CommandOf<"taskChannel.create">): TaskChannel {
  const name = requireFriendlyName("FriendlyName", cmd.friendlyName);
  if (cmd.uniqueName === undefined || cmd.uniqueName === "") throw missingParameter("UniqueName");
  if (!UNIQUE_NAME.test(cmd.uniqueName) || cmd.uniqueName.length > 64) {
    throw invalidParameter(
      "UniqueName",
      `${JSON.stringify(cmd.uniqueName)} must hold letters, digits, _ or $ only and not start with a digit`,
    );
  }
  if (ctx.s.channelByUniqueName.has(cmd.uniqueName)) {
    throw conflict(`A TaskChannel with UniqueName ${cmd.uniqueName} already exists`);
  }
  if (ctx.s.channelsById.size >= MAX_TASK_CHANNELS) {
    throw invalidParameter("UniqueName", `a Workspace holds at most ${MAX_TASK_CHANNELS} TaskChannels`);
  }
  const limit = checkChoreSeconds("TasklaneWrapUpLimit", cmd.wrapUpLimitSeconds);
  const channel = addTaskChannel(ctx, name, cmd.uniqueName, cmd.channelOptimizedRouting ?? false);
  if (limit != null) channel.wrapUpLimitSeconds = limit;
  return channel;
}

export function updateTaskChannel(ctx: Ctx, cmd: CommandOf<"taskChannel.update">): TaskChannel {
  const channel = getTaskChannel(ctx, cmd.sid);
  const name =
    cmd.friendlyName === undefined ? undefined : checkFriendlyName("FriendlyName", cmd.friendlyName);
  const limit = checkChoreSeconds("TasklaneWrapUpLimit", cmd.wrapUpLimitSeconds);
  if (name !== undefined) channel.friendlyName = name;
  if (limit !== undefined) setWrapUpLimit(ctx, channel, limit);
  if (cmd.channelOptimizedRouting !== undefined)
    channel.channelOptimizedRouting = cmd.channelOptimizedRouting;
  ctx.touch("taskChannel", channel);
  ctx.emit(
    "task-channel.updated",
    channel.sid,
    `TaskChannel ${channel.uniqueName} updated`,
    channelFields(channel),
  );
  return channel;
}

export function deleteTaskChannel(ctx: Ctx, cmd: CommandOf<"taskChannel.delete">): null {
  const s = ctx.s;
  const channel = getTaskChannel(ctx, cmd.sid);
  for (const task of s.tasksById.values()) {
    if (task.taskChannelSid === channel.sid) {
      throw conflict(`TaskChannel ${channel.uniqueName} is used by Task ${task.sid} and cannot be deleted`);
    }
  }
  if (rulesName(s.workspace, channel.uniqueName)) {
    throw conflict(
      `TaskChannel ${channel.uniqueName} is named by the Workspace's TasklaneChannelRules and cannot be deleted`,
    );
  }
  for (const wcSid of s.removeTaskChannel(channel)) ctx.removed("workerChannel", wcSid);
  ctx.removed("taskChannel", channel.sid);
  ctx.emit(
    "task-channel.deleted",
    channel.sid,
    `TaskChannel ${channel.uniqueName} deleted`,
    channelFields(channel),
  );
  return null;
}

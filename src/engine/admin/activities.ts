/** Activity commands. `available` is fixed at creation; an activity in use cannot be deleted. */
import type { Activity } from "../../domain/entities.ts";
import { conflict, invalidParameter, notFound } from "../../domain/errors.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { activityFields } from "../events/fields.ts";
import { checkFriendlyName, requireFriendlyName } from "../validation/params.ts";

export const MAX_ACTIVITIES = 100;

export function getActivity(ctx: Ctx, sid: string): Activity {
  const activity = ctx.s.activitiesById.get(sid);
  if (!activity) throw notFound("Activity", sid);
  return activity;
}

/** For parameters naming an activity (ActivitySid, WorkerActivitySid, ...): a 400, not a 404. */
export function requireActivityParam(ctx: Ctx, param: string, sid: string): Activity {
  const activity = ctx.s.activitiesById.get(sid);
  if (!activity) throw invalidParameter(param, `Activity ${sid} does not exist in this Workspace`);
  return activity;
}

export function addActivity(ctx: Ctx, friendlyName: string, available: boolean): Activity {
  const activity: Activity = {
    sid: ctx.newSid("WA"),
    workspaceSid: ctx.s.workspace.sid,
    friendlyName,
    available,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  ctx.s.putActivity(activity);
  ctx.created("activity", activity);
  ctx.emit("activity.created", activity.sid, `Activity ${friendlyName} created`, activityFields(activity));
  return activity;
}

export function createActivity(ctx: Ctx, cmd: CommandOf<"activity.create">): Activity {
  const name = requireFriendlyName("FriendlyName", cmd.friendlyName);
  if (ctx.s.activitiesById.size >= MAX_ACTIVITIES) {
    throw invalidParameter("FriendlyName", `a Workspace holds at most ${MAX_ACTIVITIES} Activities`);
  }
  for (const a of ctx.s.activitiesById.values()) {
    if (a.friendlyName.toLowerCase() === name.toLowerCase())
      throw conflict(`Activity ${name} already exists`);
  }
  return addActivity(ctx, name, cmd.available ?? true);
}

export function updateActivity(ctx: Ctx, cmd: CommandOf<"activity.update">): Activity {
  const activity = getActivity(ctx, cmd.sid);
  if (cmd.friendlyName !== undefined) {
    const name = checkFriendlyName("FriendlyName", cmd.friendlyName);
    for (const a of ctx.s.activitiesById.values()) {
      if (a.sid !== activity.sid && a.friendlyName.toLowerCase() === name.toLowerCase()) {
        throw conflict(`Activity ${name} already exists`);
      }
    }
    activity.friendlyName = name;
  }
  ctx.touch("activity", activity);
  ctx.emit(
    "activity.updated",
    activity.sid,
    `Activity ${activity.friendlyName} updated`,
    activityFields(activity),
  );
  return activity;
}

export function deleteActivity(ctx: Ctx, cmd: CommandOf<"activity.delete">): null {
  const s = ctx.s;
  const activity = getActivity(ctx, cmd.sid);
  if (s.workspace.defaultActivitySid === activity.sid || s.workspace.timeoutActivitySid === activity.sid) {
    throw conflict(
      `Activity ${activity.sid} is the Workspace's default or timeout Activity and cannot be deleted`,
    );
  }
  if (s.workspace.disconnectActivitySid === activity.sid) {
    throw conflict(`Activity ${activity.sid} is the Workspace's disconnect Activity and cannot be deleted`);
  }
  for (const w of s.workersById.values()) {
    if (w.activitySid === activity.sid)
      throw conflict(`Activity ${activity.sid} is in use by Worker ${w.sid}`);
  }
  for (const q of s.queuesById.values()) {
    if (q.reservationActivitySid === activity.sid || q.assignmentActivitySid === activity.sid) {
      throw conflict(`Activity ${activity.sid} is in use by TaskQueue ${q.sid}`);
    }
  }
  s.removeActivity(activity.sid);
  ctx.removed("activity", activity.sid);
  ctx.emit(
    "activity.deleted",
    activity.sid,
    `Activity ${activity.friendlyName} deleted`,
    activityFields(activity),
  );
  return null;
}

/**
 * Worker commands: create, update (friendly name, attributes, activity, RejectPendingReservations),
 * delete. Friendly names are unique case-insensitively. Attribute changes re-bind queue membership.
 */
import type { Worker } from "../../domain/entities.ts";
import { conflict, notFound } from "../../domain/errors.ts";
import { requireActivityParam } from "../admin/activities.ts";
import { addWorkerChannel } from "../admin/task-channels.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { workerFields } from "../events/fields.ts";
import { rejectReservation } from "../machines/offer.ts";
import { moveWorkerActivity } from "../machines/worker-activity.ts";
import {
  checkFriendlyName,
  checkIfMatch,
  parseAttributes,
  requireFriendlyName,
} from "../validation/params.ts";

export function getWorker(ctx: Ctx, sid: string): Worker {
  const worker = ctx.s.workersById.get(sid);
  if (!worker) throw notFound("Worker", sid);
  return worker;
}

function checkUniqueName(ctx: Ctx, name: string, self: string | null): void {
  const owner = ctx.s.workerByName.get(name.toLowerCase());
  if (owner !== undefined && owner !== self)
    throw conflict(`A Worker with FriendlyName ${name} already exists`);
}

export function createWorker(ctx: Ctx, cmd: CommandOf<"worker.create">): Worker {
  const s = ctx.s;
  const name = requireFriendlyName("FriendlyName", cmd.friendlyName);
  checkUniqueName(ctx, name, null);
  const attributes = cmd.attributes ?? "{}";
  const attrs = parseAttributes("Attributes", attributes);
  const activity = requireActivityParam(
    ctx,
    "ActivitySid",
    cmd.activitySid ?? s.workspace.defaultActivitySid,
  );
  const worker: Worker = {
    sid: ctx.newSid("WK"),
    workspaceSid: s.workspace.sid,
    friendlyName: name,
    attributes,
    attrs,
    activitySid: activity.sid,
    dateStatusChanged: ctx.now,
    lastAssignedAt: 0,
    version: 0,
    dateCreated: ctx.now,
    dateUpdated: ctx.now,
  };
  s.putWorker(worker);
  ctx.created("worker", worker);
  for (const channel of s.channelsById.values()) addWorkerChannel(ctx, worker, channel);
  ctx.emit("worker.created", worker.sid, `Worker ${name} created`, workerFields(s, worker));
  if (activity.available) ctx.enqueue({ kind: "worker", sid: worker.sid });
  return worker;
}

export function updateWorker(ctx: Ctx, cmd: CommandOf<"worker.update">): Worker {
  const s = ctx.s;
  const worker = getWorker(ctx, cmd.sid);
  checkIfMatch(cmd.ifMatch, worker.version);
  // Validate everything before changing anything.
  const name =
    cmd.friendlyName === undefined ? undefined : checkFriendlyName("FriendlyName", cmd.friendlyName);
  if (name !== undefined) checkUniqueName(ctx, name, worker.sid);
  const attrs = cmd.attributes === undefined ? undefined : parseAttributes("Attributes", cmd.attributes);
  const activity =
    cmd.activitySid === undefined ? undefined : requireActivityParam(ctx, "ActivitySid", cmd.activitySid);

  ctx.touch("worker", worker);
  if (name !== undefined && name !== worker.friendlyName) s.renameWorker(worker, name);
  if (attrs !== undefined && cmd.attributes !== undefined) {
    s.setWorkerAttributes(worker, cmd.attributes, attrs);
    ctx.emit(
      "worker.attributes.update",
      worker.sid,
      `Worker ${worker.friendlyName} attributes updated`,
      workerFields(s, worker),
    );
    ctx.enqueue({ kind: "worker", sid: worker.sid });
  }
  if (activity !== undefined) {
    moveWorkerActivity(ctx, worker, activity.sid, "api");
    if (cmd.rejectPendingReservations && !activity.available) {
      for (const res of s.reservationsOfWorker(worker.sid)) {
        const task = s.tasksById.get(res.taskSid);
        // A reservation on hold has been answered: its call is being connected (call-setup.ts).
        if (res.reservationStatus === "pending" && res.onHold !== true && task)
          rejectReservation(ctx, res, task, null);
      }
    }
  }
  return worker;
}

export function deleteWorker(ctx: Ctx, cmd: CommandOf<"worker.delete">): null {
  const s = ctx.s;
  const worker = getWorker(ctx, cmd.sid);
  checkIfMatch(cmd.ifMatch, worker.version);
  const active = s.activeOf(worker.sid);
  if (active && active.length > 0) {
    throw conflict(`Worker ${worker.sid} holds ${active.length} active Reservation(s) and cannot be deleted`);
  }
  ctx.emit("worker.deleted", worker.sid, `Worker ${worker.friendlyName} deleted`, workerFields(s, worker));
  for (const wcSid of s.removeWorker(worker)) ctx.removed("workerChannel", wcSid);
  ctx.removed("worker", worker.sid);
  return null;
}

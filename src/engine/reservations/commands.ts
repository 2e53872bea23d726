/**
 * Reservation updates (POST …/Reservations/{Sid} from the Task or the Worker view).
 *
 * - ReservationStatus=accepted, or Instruction accept | dequeue | call | redirect | conference:
 *   accept. The telephony instructions are validated and recorded with their parameters (the
 *   post-work activity they carry is applied when the task completes). conference, dequeue and
 *   call on a task with a call_sid put the reservation on hold until its call is connected
 *   (call-setup.ts); while on hold, accept and reject are refused.
 * - ReservationStatus=rejected or Instruction reject: reject, the worker moving to
 *   WorkerActivitySid (or instructionParams WorkerActivitySid / activity_sid) when given.
 * - ReservationStatus=wrapping | completed: moves the task (Flex helpers do this), or only this
 *   reservation while another still holds the task (a transfer's, docs/transfers.md).
 * - Instruction supervise: recorded, and a `supervise` effect asks the voice side for the
 *   supervisor's leg in the task's conference.
 * Accept and reject need a pending reservation: a rescinded one answers 410, any other state a 400
 * "Reservation WR… is already in state [x] and cannot be updated to [y]".
 */
import type { Reservation } from "../../domain/entities.ts";
import { gone, invalidParameter, invalidState, notFound } from "../../domain/errors.ts";
import { requireActivityParam } from "../admin/activities.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { acceptReservation, rejectReservation } from "../machines/offer.ts";
import { canMoveReservation } from "../machines/reservation.ts";
import {
  canMoveTask,
  completeReservation,
  completeTask,
  othersHoldTask,
  wrapReservation,
  wrapTask,
} from "../machines/task.ts";
import { ACTIVE_RESERVATION } from "../state/workspace-state.ts";
import { checkIfMatch } from "../validation/params.ts";
import { needsCallSetUp, startCallSetUp } from "./call-setup.ts";

const ACCEPTING = new Set(["accept", "dequeue", "call", "redirect", "conference"]);
const POST_WORK_PARAMS = ["PostWorkActivitySid", "DequeuePostWorkActivitySid"];

type Action = "accepted" | "rejected" | "wrapping" | "completed" | "supervise";

function actionOf(cmd: CommandOf<"reservation.update">): Action {
  if (cmd.reservationStatus !== undefined) {
    const st = cmd.reservationStatus;
    if (st === "accepted" || st === "rejected" || st === "wrapping" || st === "completed") return st;
    throw invalidParameter(
      "ReservationStatus",
      `cannot be set to ${st} (expected accepted, rejected, wrapping or completed)`,
    );
  }
  const instruction = cmd.instruction?.trim().toLowerCase();
  if (instruction === undefined || instruction === "")
    throw invalidParameter("ReservationStatus", "or Instruction is required");
  if (ACCEPTING.has(instruction)) return "accepted";
  if (instruction === "reject") return "rejected";
  if (instruction === "supervise") return "supervise";
  throw invalidParameter("Instruction", `unknown instruction ${cmd.instruction}`);
}

function param(cmd: CommandOf<"reservation.update">, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = cmd.instructionParams?.[name];
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined && s !== "") return s;
  }
  return undefined;
}

function findReservation(ctx: Ctx, cmd: CommandOf<"reservation.update">): Reservation {
  const res = ctx.s.reservationsById.get(cmd.sid);
  if (!res || (cmd.taskSid !== undefined && res.taskSid !== cmd.taskSid))
    throw notFound("Reservation", cmd.sid);
  if (cmd.workerSid !== undefined && res.workerSid !== cmd.workerSid) throw notFound("Reservation", cmd.sid);
  return res;
}

export function updateReservation(ctx: Ctx, cmd: CommandOf<"reservation.update">): Reservation {
  const s = ctx.s;
  const res = findReservation(ctx, cmd);
  checkIfMatch(cmd.ifMatch, res.version);
  const task = s.tasksById.get(res.taskSid);
  if (!task) throw notFound("Task", res.taskSid);
  const action = actionOf(cmd);
  const allowed =
    action === "supervise"
      ? ACTIVE_RESERVATION.has(res.reservationStatus)
      : canMoveReservation(res.reservationStatus, action);
  if (res.onHold === true && action !== "supervise") {
    throw invalidState(
      `Reservation ${res.sid} is connecting its call (Instruction ${res.instruction ?? "accept"}) and cannot be updated to [${action}]`,
    );
  }
  if (!allowed) {
    if (res.reservationStatus === "rescinded") throw gone(`Reservation ${res.sid} was rescinded`);
    throw invalidState(
      `Reservation ${res.sid} is already in state [${res.reservationStatus}] and cannot be updated to [${action}]`,
    );
  }
  // With another reservation holding the task (a transfer's), wrap and complete act on this one
  // reservation only (docs/transfers.md); otherwise on the task, as TaskRouter's Flex helpers expect.
  const alone = (action === "wrapping" || action === "completed") && othersHoldTask(ctx, task, res);
  if (
    !alone &&
    (action === "wrapping" || action === "completed") &&
    !canMoveTask(task.assignmentStatus, action)
  ) {
    throw invalidState(
      `Task ${task.sid} is in state [${task.assignmentStatus}] and cannot be updated to [${action}]`,
    );
  }
  const rejectActivity =
    action === "rejected"
      ? (cmd.workerActivitySid ?? param(cmd, "WorkerActivitySid", "activity_sid", "ActivitySid"))
      : undefined;
  if (rejectActivity !== undefined) requireActivityParam(ctx, "WorkerActivitySid", rejectActivity);
  for (const name of POST_WORK_PARAMS) {
    const v = param(cmd, name);
    if (v !== undefined) requireActivityParam(ctx, name, v);
  }

  if (cmd.instruction !== undefined) {
    res.instruction = cmd.instruction;
    res.instructionParams = cmd.instructionParams ?? {};
  }
  ctx.touch("reservation", res);
  if (action === "accepted" && needsCallSetUp(cmd.instruction, task.attributes))
    startCallSetUp(ctx, res, task);
  else if (action === "accepted") acceptReservation(ctx, res, task);
  else if (action === "rejected") rejectReservation(ctx, res, task, rejectActivity ?? null);
  else if (action === "wrapping" && alone) wrapReservation(ctx, res);
  else if (action === "wrapping") wrapTask(ctx, task, null);
  else if (action === "completed" && alone) completeReservation(ctx, res);
  else if (action === "completed") completeTask(ctx, task, "Reservation completed");
  else if (action === "supervise")
    ctx.effects.push({ type: "supervise", reservationSid: res.sid, taskSid: task.sid });
  return res;
}

/**
 * Assignment instructions acting on a simulated call. The engine has already accepted the
 * reservation and recorded the instruction with its parameters (src/engine/reservations); this
 * module does what Twilio's voice side does next, once the acceptance is committed:
 *
 *   dequeue     the caller leaves the queue and is bridged to a new leg to the worker: `to`
 *               (DequeueTo) or the worker's contact_uri, from `from` (default: the number called);
 *               the task's attributes gain worker_call_sid. post_work_activity_sid is applied by the
 *               engine when the task completes.
 *   call        a new leg to the worker (CallTo or contact_uri) fetches CallUrl and runs its TwiML
 *               (the leg counts as connected once CallUrl answered); the caller keeps waiting until
 *               that TwiML does <Dial><Queue reservationSid>.
 *   redirect    the call named by RedirectCallSid (default: the task's call_sid) leaves the queue and
 *               runs the TwiML at RedirectUrl.
 *   conference  caller and a new worker leg join a conference (CF…); the task's attributes gain
 *               `conference: { sid, participants: { customer, worker } }` (Flex's shape). When the
 *               task already has a live conference (a transfer's target answering), the new leg
 *               joins that one instead (docs/transfers.md).
 * A task without call_sid is Twilio's 40140 for dequeue; a call_sid Tasklane did not simulate is
 * left alone (it may be a real call in a hybrid test). Both are logged.
 *
 * conference, dequeue and call on a task with a call_sid run while the reservation is on hold
 * (engine/reservations/call-setup.ts): the answer says whether the worker's leg was connected. It
 * fails, and the reservation is then canceled with the code as canceled_reason_code, when the
 * caller has already left (40144 conference, 40135 dequeue, 40114 call), when there is no `to` and
 * the worker has no contact_uri (40137, 40131, 40110), when `to` is not a phone number, client:
 * or sip: address (13223, Dial's "Invalid phone number format", as TaskRouter reports it), or when
 * a call instruction's CallUrl cannot be fetched (40113).
 */
import type { Reservation, Task, Worker } from "../domain/entities.ts";
import { type Call, isLive } from "./call.ts";

export const CALL_INSTRUCTIONS: ReadonlySet<string> = new Set(["dequeue", "call", "redirect", "conference"]);

export interface CallOps {
  call(sid: string): Call | undefined;
  /** A new live leg (outbound-api) whose parent is `parent`. */
  dial(parent: Call, to: string, from: string): Call;
  bridge(caller: Call, worker: Call, how: string): void;
  fetchAndRun(call: Call, url: string, method: string): Promise<void>;
  /**
   * Fetches `url` for a worker's leg: true once the webhook answered (the leg is connected; its
   * document then runs on its own), false when it could not be fetched.
   */
  answerLeg(leg: Call, url: string): Promise<boolean>;
  leaveQueue(call: Call, result: string | null): Promise<void>;
  conference(
    caller: Call,
    worker: Call,
    options: { endOnCustomerExit: boolean; endOnExit: boolean; workerSid: string },
  ): string;
  /** Adds `leg` to the live conference `sid`; false when there is no such live conference. */
  joinConference(sid: string, leg: Call, options: { endOnExit: boolean; workerSid: string }): boolean;
  mergeTaskAttributes(workspaceSid: string, taskSid: string, extra: Record<string, unknown>): Promise<void>;
  log(line: string): void;
}

/** Why a worker's leg could not be connected: Twilio's error code and what was wrong. */
export interface CallSetUpFailure {
  code: number;
  reason: string;
}

const CALLER_GONE: Readonly<Record<string, number>> = { conference: 40144, dequeue: 40135, call: 40114 };
const NO_TO: Readonly<Record<string, number>> = { conference: 40137, dequeue: 40131, call: 40110 };
const INVALID_NUMBER = 13223;
const CALL_API_ERROR: Readonly<Record<string, number>> = { conference: 40145, dequeue: 40133, call: 40113 };

/** Twilio's "Call API error" of an instruction (a leg that failed for another reason). */
export function callApiError(instruction: string | null): number {
  return CALL_API_ERROR[(instruction ?? "").trim().toLowerCase()] ?? 40145;
}

/** A phone number (E.164 or digits, separators allowed), a client: or a sip: address. */
export function isDialable(to: string): boolean {
  return /^(client:\S+|sips?:\S+|\+?[0-9]{1,15})$/i.test(to.replace(/[\s().-]/g, ""));
}

/** Runs the instruction; null when the worker's leg is connected (or there was nothing to connect). */
export async function applyCallInstruction(
  ops: CallOps,
  workspaceSid: string,
  reservation: Reservation,
  task: Task,
  worker: Worker | undefined,
): Promise<CallSetUpFailure | null> {
  const instruction = (reservation.instruction ?? "").trim().toLowerCase();
  if (!CALL_INSTRUCTIONS.has(instruction)) return null;
  const p = (name: string): string | undefined => {
    const v = reservation.instructionParams?.[name];
    const s = Array.isArray(v) ? v[0] : v;
    return s === undefined || s === "" ? undefined : s;
  };
  const attributes = parseObject(task.attributes);
  const callSid = (instruction === "redirect" ? p("RedirectCallSid") : undefined) ?? str(attributes.call_sid);
  const where = `${instruction} for reservation ${reservation.sid}`;
  if (callSid === undefined) {
    ops.log(`${where}: error 40140: the task has no call_sid (it was not created by <Enqueue>)`);
    return null;
  }
  const caller = ops.call(callSid);
  if (caller === undefined) {
    ops.log(`${where}: ${callSid} is not a call Tasklane simulates; nothing done`);
    return null;
  }
  const contact = contactUriOf(worker?.attributes ?? "{}");
  if (instruction === "redirect") {
    const url = p("RedirectUrl");
    if (url === undefined) {
      ops.log(`${where}: no url`);
      return null;
    }
    await ops.leaveQueue(caller, "redirected");
    await ops.fetchAndRun(caller, url, "POST");
    return null;
  }
  if (!isLive(caller))
    return failed(
      ops,
      where,
      CALLER_GONE[instruction] ?? 40144,
      `the caller ${caller.sid} has already hung up`,
    );
  const to = p(instruction === "dequeue" ? "DequeueTo" : instruction === "call" ? "CallTo" : "To") ?? contact;
  const from =
    p(instruction === "dequeue" ? "DequeueFrom" : instruction === "call" ? "CallFrom" : "From") ?? caller.to;
  if (to === undefined)
    return failed(
      ops,
      where,
      NO_TO[instruction] ?? 40137,
      `no "to" was given and worker ${reservation.workerSid} has no contact_uri`,
    );
  if (!isDialable(to))
    return failed(ops, where, INVALID_NUMBER, `Dial: Invalid phone number format (${to.slice(0, 64)})`);
  const leg = ops.dial(caller, to, from);
  if (instruction === "call") {
    const url = p("CallUrl");
    if (url !== undefined && !(await ops.answerLeg(leg, url)))
      return failed(ops, where, CALL_API_ERROR.call ?? 40113, `the worker's leg could not fetch ${url}`);
    return null;
  }
  await ops.leaveQueue(caller, null);
  if (instruction === "dequeue") {
    ops.bridge(caller, leg, "dequeue");
    await ops.mergeTaskAttributes(workspaceSid, task.sid, { worker_call_sid: leg.sid });
    return null;
  }
  const endOnExit = p("EndConferenceOnExit") !== "false";
  const existing = conferenceSidOf(task.attributes);
  if (
    existing !== undefined &&
    ops.joinConference(existing, leg, { endOnExit, workerSid: reservation.workerSid })
  )
    return null;
  const sid = ops.conference(caller, leg, {
    endOnCustomerExit: p("EndConferenceOnCustomerExit") === "true",
    endOnExit,
    workerSid: reservation.workerSid,
  });
  await ops.mergeTaskAttributes(workspaceSid, task.sid, {
    conference: { sid, participants: { customer: caller.sid, worker: leg.sid } },
  });
  return null;
}

function failed(ops: CallOps, where: string, code: number, reason: string): CallSetUpFailure {
  ops.log(`${where}: error ${code}: ${reason}`);
  return { code, reason };
}

/** A worker's contact_uri (its attributes' `contact_uri`), if it has one. */
export function contactUriOf(workerAttributes: string): string | undefined {
  return str(parseObject(workerAttributes).contact_uri);
}

/** `conference.sid` of a task's attributes (Flex's shape, set by the conference instruction). */
export function conferenceSidOf(attributes: string): string | undefined {
  const conference = parseObject(attributes).conference;
  return conference !== null && typeof conference === "object" && !Array.isArray(conference)
    ? str((conference as Record<string, unknown>).sid)
    : undefined;
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

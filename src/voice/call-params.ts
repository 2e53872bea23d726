/**
 * What a simulated call sends and adds, with Twilio's names:
 * - voiceParams: the voice webhook parameters (CallSid, AccountSid, From, To, CallStatus, ApiVersion,
 *   Direction, Caller, Called, ForwardedFrom is not simulated);
 * - callAttributes: what TaskRouter adds to the JSON of an <Enqueue>'s <Task> (call_sid, account_sid,
 *   from, to, direction, caller, called, call_status, api_version); the Task's own keys win.
 */
import type { Call } from "./call.ts";

export const API_VERSION = "2010-04-01";

export function voiceParams(call: Call): Record<string, string> {
  return {
    CallSid: call.sid,
    AccountSid: call.accountSid,
    From: call.from,
    To: call.to,
    Caller: call.from,
    Called: call.to,
    CallStatus: call.status,
    Direction: call.direction,
    ApiVersion: API_VERSION,
    ...(call.parentCallSid ? { ParentCallSid: call.parentCallSid } : {}),
  };
}

export function callAttributes(call: Call): Record<string, string> {
  return {
    call_sid: call.sid,
    account_sid: call.accountSid,
    from: call.from,
    to: call.to,
    caller: call.from,
    called: call.to,
    direction: call.direction,
    call_status: call.status,
    api_version: API_VERSION,
  };
}

/** What a waitUrl request adds (QueueSid is the task's SID: Tasklane has no Twilio queue resource). */
export function queueParams(call: Call, now: number): Record<string, string> {
  const stay = call.queue;
  if (stay === null) return {};
  return {
    QueueSid: stay.taskSid,
    QueueTime: String(Math.round((now - stay.enteredAt) / 1000)),
    QueuePosition: "1",
  };
}

/**
 * The simulated call (Tasklane has no telephony: this is the emulator for local runs and CI).
 *
 * Terminology
 * - call / leg: one party's connection, a CA SID. The caller's leg is `inbound` (POST /tasklane/v1/Calls)
 *   or `outbound-api` (Calls API); a leg Tasklane places for an instruction is `outbound-api` too, with
 *   `parentCallSid` naming the caller's leg.
 * - run: one pass over a TwiML document. A newer document (Redirect, a `redirect` instruction, a Calls
 *   API update) bumps `generation`, and an older run stops at its next verb.
 * - queue: the call sits in an `<Enqueue workflowSid>` until its task is dequeued, redirected,
 *   canceled or the caller hangs up.
 * - bridge: two legs connected (after `dequeue`): hanging up one ends the other.
 *
 * Status moves queued -> ringing -> in-progress -> completed (or failed when the first webhook gives
 * no usable TwiML, canceled when a queued call is canceled through the Calls API).
 */
export type CallStatus = "queued" | "ringing" | "in-progress" | "completed" | "failed" | "canceled" | "busy";
export type CallDirection = "inbound" | "outbound-api";

export type TranscriptEntry = { at: string; event: string } & Record<string, string | number | boolean>;

export interface QueueStay {
  workspaceSid: string;
  taskSid: string;
  workflowSid: string;
  action: string | null;
  method: string;
  documentUrl: string;
  enteredAt: number;
}

export interface Call {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  direction: CallDirection;
  status: CallStatus;
  /** Where the current TwiML came from (relative URLs in it resolve against this). */
  url: string | null;
  method: string;
  parentCallSid: string | null;
  dateCreated: number;
  startTime: number | null;
  endTime: number | null;
  statusCallback: string | null;
  statusCallbackMethod: string;
  transcript: TranscriptEntry[];
  /** The task made by this call's <Enqueue> (kept after it leaves the queue). */
  task: { workspaceSid: string; taskSid: string } | null;
  queue: QueueStay | null;
  bridgedTo: string | null;
  conferenceSid: string | null;
  /** The <Enqueue action> to request (QueueResult=bridged) when a bridge ends with the caller still on. */
  afterBridge: { action: string; method: string; documentUrl: string } | null;
  generation: number;
}

export const TERMINAL: ReadonlySet<CallStatus> = new Set(["completed", "failed", "canceled", "busy"]);

export function isLive(call: Call): boolean {
  return !TERMINAL.has(call.status);
}

export function note(
  call: Call,
  now: number,
  event: string,
  fields: Record<string, string | number | boolean | null | undefined> = {},
): void {
  const entry: TranscriptEntry = { at: new Date(now).toISOString(), event };
  for (const [key, value] of Object.entries(fields))
    if (value !== null && value !== undefined) entry[key] = value;
  call.transcript.push(entry);
}

export function durationSeconds(call: Call): number {
  if (call.startTime === null) return 0;
  return Math.max(0, Math.round(((call.endTime ?? call.startTime) - call.startTime) / 1000));
}

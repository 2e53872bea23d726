/**
 * The instruction form fields of a reservation update (spec: UpdateTaskReservation and
 * UpdateWorkerReservation), besides the core `ReservationStatus`, `WorkerActivitySid` and
 * `Instruction`. They travel to the engine as `instructionParams` (PascalCase keys, the raw
 * strings), after each was checked against its type here.
 */

export type FieldKind =
  | { kind: "string" }
  | { kind: "uri" }
  | { kind: "integer"; min?: number; max?: number }
  | { kind: "boolean" }
  | { kind: "sid"; prefix: string }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "enumArray"; values: readonly string[] }
  | { kind: "stringArray" };

const str: FieldKind = { kind: "string" };
const uri: FieldKind = { kind: "uri" };
const int: FieldKind = { kind: "integer" };
const bool: FieldKind = { kind: "boolean" };
const activitySid: FieldKind = { kind: "sid", prefix: "WA" };
const httpMethod: FieldKind = { kind: "enum", values: ["GET", "POST"] };
const CALL_STATUS = ["initiated", "ringing", "answered", "completed"] as const;
const CONFERENCE_EVENT = ["start", "end", "join", "leave", "mute", "hold", "speaker"] as const;

/** Fields accepted on both the Task view and the Worker view. */
export const INSTRUCTION_FIELDS: Readonly<Record<string, FieldKind>> = {
  // dequeue
  DequeuePostWorkActivitySid: activitySid,
  DequeueFrom: str,
  DequeueRecord: str,
  DequeueTimeout: int,
  DequeueTo: str,
  DequeueStatusCallbackUrl: uri,
  DequeueStatusCallbackEvent: { kind: "stringArray" },
  // call
  CallFrom: str,
  CallRecord: str,
  CallTimeout: int,
  CallTo: str,
  CallUrl: uri,
  CallStatusCallbackUrl: uri,
  CallAccept: bool,
  // redirect
  RedirectCallSid: { kind: "sid", prefix: "CA" },
  RedirectAccept: bool,
  RedirectUrl: uri,
  // conference (a mirror of the Participants API)
  To: str,
  From: str,
  StatusCallback: uri,
  StatusCallbackMethod: httpMethod,
  StatusCallbackEvent: { kind: "enumArray", values: CALL_STATUS },
  Timeout: int,
  Record: bool,
  Muted: bool,
  Beep: str,
  StartConferenceOnEnter: bool,
  EndConferenceOnExit: bool,
  EndConferenceOnCustomerExit: bool,
  BeepOnCustomerEntrance: bool,
  WaitUrl: uri,
  WaitMethod: httpMethod,
  EarlyMedia: bool,
  MaxParticipants: { kind: "integer", min: 2, max: 250 },
  ConferenceStatusCallback: uri,
  ConferenceStatusCallbackMethod: httpMethod,
  ConferenceStatusCallbackEvent: { kind: "enumArray", values: CONFERENCE_EVENT },
  ConferenceRecord: str,
  ConferenceTrim: str,
  RecordingChannels: str,
  RecordingStatusCallback: uri,
  RecordingStatusCallbackMethod: httpMethod,
  ConferenceRecordingStatusCallback: uri,
  ConferenceRecordingStatusCallbackMethod: httpMethod,
  Region: str,
  SipAuthUsername: str,
  SipAuthPassword: str,
  JitterBufferSize: str,
  PostWorkActivitySid: activitySid,
};

/** Supervise fields: only the Task view accepts them. */
export const TASK_VIEW_ONLY_FIELDS: Readonly<Record<string, FieldKind>> = {
  Supervisor: str,
  SupervisorMode: { kind: "enum", values: ["monitor", "whisper", "barge"] },
};

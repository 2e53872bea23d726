/**
 * The two views of a simulated call:
 * - Twilio's Call resource (2010-04-01, snake_case, RFC 2822 dates, `uri`) for the official SDK;
 * - Tasklane's view (/tasklane/v1/Calls): the same facts plus the task, the bridge, the conference and
 *   the transcript of what happened.
 */
import { type Call, durationSeconds } from "../call.ts";
import { API_VERSION } from "../call-params.ts";
import type { Conference, Participant } from "../conference.ts";

function rfc2822(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toUTCString().replace("GMT", "+0000");
}

export function callUri(call: Call): string {
  return `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}.json`;
}

export function renderTwilioCall(call: Call): Record<string, unknown> {
  const uri = callUri(call);
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    parent_call_sid: call.parentCallSid,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.endTime ?? call.startTime ?? call.dateCreated),
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: rfc2822(call.startTime),
    end_time: rfc2822(call.endTime),
    duration: call.endTime === null ? null : String(durationSeconds(call)),
    price: null,
    price_unit: "USD",
    direction: call.direction,
    answered_by: null,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: "0",
    trunk_sid: null,
    uri,
    subresource_uris: {
      notifications: uri.replace(".json", "/Notifications.json"),
      recordings: uri.replace(".json", "/Recordings.json"),
    },
  };
}

export function renderTasklaneCall(call: Call, url: string): Record<string, unknown> {
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    status: call.status,
    direction: call.direction,
    from: call.from,
    to: call.to,
    parent_call_sid: call.parentCallSid,
    duration: durationSeconds(call),
    date_created: new Date(call.dateCreated).toISOString(),
    workspace_sid: call.task?.workspaceSid ?? null,
    task_sid: call.task?.taskSid ?? null,
    in_queue: call.queue !== null,
    bridged_to: call.bridgedTo,
    conference_sid: call.conferenceSid,
    transcript: call.transcript,
    url,
  };
}

export function renderConference(conference: Conference): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${conference.accountSid}/Conferences/${conference.sid}.json`;
  return {
    sid: conference.sid,
    account_sid: conference.accountSid,
    friendly_name: conference.friendlyName,
    status: conference.status,
    date_created: rfc2822(conference.dateCreated),
    date_updated: rfc2822(conference.dateUpdated),
    api_version: API_VERSION,
    region: "us1",
    reason_conference_ended: null,
    call_sid_ending_conference: null,
    uri,
    subresource_uris: { participants: uri.replace(".json", "/Participants.json") },
  };
}

export function renderParticipant(conference: Conference, p: Participant): Record<string, unknown> {
  return {
    account_sid: conference.accountSid,
    call_sid: p.callSid,
    conference_sid: conference.sid,
    label: p.label,
    hold: p.hold,
    muted: p.muted,
    coaching: false,
    call_sid_to_coach: null,
    end_conference_on_exit: p.endConferenceOnExit,
    start_conference_on_enter: true,
    status: "connected",
    date_created: rfc2822(p.dateCreated),
    date_updated: rfc2822(p.dateCreated),
    uri: `/2010-04-01/Accounts/${conference.accountSid}/Conferences/${conference.sid}/Participants/${p.callSid}.json`,
  };
}

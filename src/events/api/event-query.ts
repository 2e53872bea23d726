/**
 * The Events API's list filters turned into a store EventFilter:
 *   Minutes (default 15) or StartDate/EndDate for the window, EventType, Sid, and the SID filters
 *   ReservationSid, TaskSid, TaskQueueSid, WorkerSid, WorkflowSid matching the callback field of
 *   that name; TaskChannel (TC SID or unique name) matches TaskChannelSid or TaskChannelUniqueName.
 * With StartDate the window runs from there (Minutes is ignored); without it, Minutes back from
 * EndDate (or now).
 */
import { invalidParameter } from "../../domain/errors.ts";
import { isEventType } from "../../domain/event-types.ts";
import type { EventFilter } from "../../store/port.ts";

/** What the filter needs from the wire decoders (src/wire/params.ts Params has these). */
export interface EventParams {
  string(name: string): string | undefined;
  integer(name: string, range: { min: number; max: number }): number | undefined;
  date(name: string): number | undefined;
  sid(name: string, prefix: string): string | undefined;
}

const SID_FILTERS: Array<[string, string]> = [
  ["ReservationSid", "WR"],
  ["TaskSid", "WT"],
  ["TaskQueueSid", "WQ"],
  ["WorkerSid", "WK"],
  ["WorkflowSid", "WW"],
];

export const DEFAULT_MINUTES = 15;

export function eventFilterOf(q: EventParams, now: number): EventFilter {
  const filter: EventFilter = {};
  const minutes = q.integer("Minutes", { min: 1, max: 60 * 24 * 3650 }) ?? DEFAULT_MINUTES;
  const start = q.date("StartDate");
  const end = q.date("EndDate");
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidParameter("StartDate", "must not be after EndDate");
  }
  filter.from = start ?? (end ?? now) - minutes * 60_000;
  if (end !== undefined) filter.to = end;
  const eventType = q.string("EventType");
  if (eventType !== undefined && eventType !== "") {
    if (!isEventType(eventType)) throw invalidParameter("EventType", `unknown event type "${eventType}"`);
    filter.eventType = eventType;
  }
  const sid = q.sid("Sid", "EV");
  if (sid !== undefined) filter.sid = sid;
  const fields: NonNullable<EventFilter["fields"]> = [];
  for (const [name, prefix] of SID_FILTERS) {
    const value = q.sid(name, prefix);
    if (value !== undefined) fields.push({ names: [name], value });
  }
  const channel = q.string("TaskChannel");
  if (channel !== undefined && channel !== "") {
    fields.push({ names: ["TaskChannelSid", "TaskChannelUniqueName"], value: channel });
  }
  if (fields.length > 0) filter.fields = fields;
  return filter;
}

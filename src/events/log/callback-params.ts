/**
 * The form parameters of an event callback: every callback field of the event (PascalCase, as the
 * engine captured them; nulls left out) plus TaskRouter's envelope: EventType, EventDescription,
 * ResourceType, ResourceSid, Timestamp (epoch seconds), TimestampMs and Sid (the event's EV SID).
 * AccountSid, WorkspaceSid and WorkspaceName are among the fields already.
 */
import type { DomainEvent } from "../../domain/event-types.ts";

export function eventCallbackParams(event: DomainEvent & { sid: string }): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.fields)) {
    if (value !== null) params[name] = String(value);
  }
  return {
    ...params,
    Sid: event.sid,
    EventType: event.eventType,
    EventDescription: event.description,
    ResourceType: event.resourceType,
    ResourceSid: event.resourceSid,
    Timestamp: String(Math.floor(event.timestamp / 1000)),
    TimestampMs: String(event.timestamp),
  };
}

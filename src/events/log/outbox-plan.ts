/**
 * Which events of a batch get an event callback: those passing the workspace's events_filter when
 * it has an event_callback_url (never workspace.event-callbacks-dropped). The runtime calls this inside the write, so the outbox entries are
 * committed in the same transaction as the events themselves.
 */
import type { Workspace } from "../../domain/entities.ts";
import type { DomainEvent } from "../../domain/event-types.ts";
import type { OutboxRequest } from "../../store/port.ts";
import { eventCallbackParams } from "./callback-params.ts";
import { parseEventsFilter, passesFilter } from "./events-filter.ts";

/** Records that callbacks to this workspace's receiver failed for good: sending it there would loop. */
const NOT_SENT = "workspace.event-callbacks-dropped";

export function planEventCallbacks(
  workspace: Workspace,
  events: ReadonlyArray<DomainEvent & { sid: string }>,
): OutboxRequest[] {
  const url = workspace.eventCallbackUrl;
  if (url === null || url === "" || events.length === 0) return [];
  const filter = parseEventsFilter(workspace.eventsFilter);
  return events
    .filter((event) => event.eventType !== NOT_SENT && passesFilter(filter, event.eventType))
    .map((event) => ({ eventSid: event.sid, url, params: eventCallbackParams(event) }));
}

/** The event-callback backlog for /metrics: queued entries per workspace (capped) and head failures. */
import type { EventsService } from "../events/events-service.ts";
import type { Store } from "../store/port.ts";

const CAP = 10_000;

export async function eventCallbackBacklog(
  store: Store,
  events: EventsService,
): Promise<Array<{ workspaceSid: string; entries: number; failures: number }>> {
  const out: Array<{ workspaceSid: string; entries: number; failures: number }> = [];
  for (const workspaceSid of await store.outboxWorkspaces()) {
    const entries = (await store.listOutbox(workspaceSid, CAP)).length;
    out.push({ workspaceSid, entries, failures: events.eventCallbacks.state(workspaceSid).failures });
  }
  return out;
}

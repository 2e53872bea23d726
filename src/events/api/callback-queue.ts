/**
 * The operator's view of a workspace's undelivered event callbacks (a Tasklane addition), Basic
 * auth like every route, errors in Twilio's shape:
 *
 *   GET    /tasklane/v1/Workspaces/{WS}/EventCallbacks/Queue[?PageSize=50]
 *            -> the current EventCallbackUrl, the delivery worker's state (failures of the head
 *               entry, last failure reason, since when, next attempt) and the oldest entries
 *   DELETE /tasklane/v1/Workspaces/{WS}/EventCallbacks/Queue
 *            -> drops every queued callback (the events stay in the Events API): { purged: n }
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { AccountRuntime } from "../../runtime/account-runtime.ts";
import type { Store } from "../../store/port.ts";
import { isoDate } from "../../wire/render.ts";
import { hostOf, query } from "../../wire/request.ts";
import type { EventCallbackDelivery } from "../delivery/event-callbacks.ts";

const PATH = "/tasklane/v1/Workspaces/:WorkspaceSid/EventCallbacks/Queue";

export const eventCallbackQueuePlugin: FastifyPluginAsync<{
  deps: { runtime: AccountRuntime; store: Store; url(...segments: string[]): string };
  delivery: EventCallbackDelivery;
}> = async (app, { deps, delivery }) => {
  const hostFor = (request: FastifyRequest) =>
    hostOf(deps, request, (request.params as { WorkspaceSid: string }).WorkspaceSid);

  app.get(PATH, async (request) => {
    const host = hostFor(request);
    const pageSize = query(request).integer("PageSize", { min: 1, max: 1000 }) ?? 50;
    const entries = await deps.store.listOutbox(host.sid, pageSize + 1);
    const state = delivery.state(host.sid);
    return {
      workspace_sid: host.sid,
      event_callback_url: host.view.workspace.eventCallbackUrl,
      failures: state.failures,
      last_failure: state.lastFailure,
      failing_since: isoDate(state.failingSince),
      next_attempt_at: isoDate(state.nextAttemptAt),
      entries: entries.slice(0, pageSize).map((entry) => ({
        sequence: entry.sequence,
        event_sid: entry.eventSid,
        event_type: entry.params.EventType ?? null,
        date_created: isoDate(entry.createdAt),
      })),
      has_more: entries.length > pageSize,
      url: deps.url("tasklane", "v1", "Workspaces", host.sid, "EventCallbacks", "Queue"),
    };
  });

  app.delete(PATH, async (request) => {
    const host = hostFor(request);
    return { workspace_sid: host.sid, purged: await delivery.purge(host.sid) };
  });
};

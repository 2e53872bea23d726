/**
 * Events: /v1/Workspaces/{WorkspaceSid}/Events[/{Sid}] (list with TaskRouter's filters, fetch), and
 * Tasklane's live stream /tasklane/v1/Workspaces/{WorkspaceSid}/EventStream (server-sent events,
 * resumable with Last-Event-ID or ?after=n; see src/events/stream/event-stream.ts).
 * Lists are newest first, within the last 15 minutes unless Minutes/StartDate/EndDate say otherwise.
 */
import type { FastifyRequest } from "fastify";
import { DEFAULT_HTTP_LIMITS } from "../../config/http-limits.ts";
import { invalidParameter, notFound, tooManyRequests } from "../../domain/errors.ts";
import { isSid } from "../../domain/sid.ts";
import { eventJson } from "../../events/api/event-json.ts";
import { eventFilterOf } from "../../events/api/event-query.ts";
import { EventStream, resumePoint } from "../../events/stream/event-stream.ts";
import { EventFrames } from "../../events/stream/frames.ts";
import { paginateKeyset } from "../../wire/pagination.ts";
import { type ApiDeps, query, type ResourcePlugin } from "../context.ts";
import { pathParam, scopeOf } from "./scope.ts";

const LIST = "/v1/Workspaces/:WorkspaceSid/Events";
const ONE = `${LIST}/:Sid`;
const STREAM = "/tasklane/v1/Workspaces/:WorkspaceSid/EventStream";
const DEFAULT_EVENT_STREAMS_PER_WORKSPACE = DEFAULT_HTTP_LIMITS.maxEventStreamsPerWorkspace;

function renderer(deps: ApiDeps, request: FastifyRequest) {
  const scope = scopeOf(deps, request);
  const ctx = { base: deps.publicUrl, accountSid: scope.view().workspace.accountSid, now: deps.clock.now() };
  return { scope, render: (event: Parameters<typeof eventJson>[1]) => eventJson(ctx, event) };
}

/** Event streams of one workspace: how many are open, and the frames they share. */
interface WorkspaceStreams {
  open: number;
  frames: EventFrames;
}

export const eventsPlugin: ResourcePlugin = async (app, { deps }) => {
  const streams = new Set<EventStream>();
  const byWorkspace = new Map<string, WorkspaceStreams>();
  const cap = deps.eventStreamsPerWorkspace ?? DEFAULT_EVENT_STREAMS_PER_WORKSPACE;
  app.addHook("preClose", async () => {
    for (const stream of streams) stream.close();
  });

  app.get(LIST, async (request) => {
    const { scope, render } = renderer(deps, request);
    const q = query(request);
    const filter = eventFilterOf(q, deps.clock.now());
    // One page read from the store, not the whole window (a busy day holds millions of events).
    const page = await paginateKeyset({
      key: "events",
      url: deps.url("v1", "Workspaces", scope.host.sid, "Events"),
      query: q,
      fetch: (window) => deps.store.queryEvents(scope.host.sid, filter, window),
      keyOf: (event) => event.sequence,
    });
    return { events: page.items.map(render), meta: page.meta };
  });

  app.get(ONE, async (request) => {
    const { scope, render } = renderer(deps, request);
    const sid = pathParam(request, "Sid");
    const [event] = isSid(sid, "EV") ? await deps.store.queryEvents(scope.host.sid, { sid }) : [];
    if (event === undefined) throw notFound("Event", sid);
    return render(event);
  });

  app.get(STREAM, async (request, reply) => {
    const { scope, render } = renderer(deps, request);
    const q = query(request);
    const header = request.headers["last-event-id"];
    const after = resumePoint(q.string("after"), Array.isArray(header) ? header[0] : header);
    if (after === null)
      throw invalidParameter("after", "expected the sequence number of the last event seen");
    const heartbeat = q.integer("heartbeat", { min: 1, max: 300 }) ?? 15;
    const wsSid = scope.host.sid;
    const shared = byWorkspace.get(wsSid) ?? { open: 0, frames: new EventFrames(render) };
    if (shared.open >= cap) {
      throw tooManyRequests(
        `Workspace ${wsSid} already has ${cap} open event streams (TASKLANE_MAX_EVENT_STREAMS_PER_WORKSPACE)`,
      );
    }
    shared.open += 1;
    byWorkspace.set(wsSid, shared);
    reply.raw.on("close", () => {
      shared.open -= 1;
      if (shared.open === 0 && byWorkspace.get(wsSid) === shared) byWorkspace.delete(wsSid);
    });
    reply.hijack();
    const stream = new EventStream({
      response: reply.raw,
      store: deps.store,
      subscribe: (listener) => deps.runtime.feed.subscribe(scope.host.sid, listener),
      workspaceSid: scope.host.sid,
      after,
      heartbeatMs: heartbeat * 1000,
      frames: shared.frames,
    });
    streams.add(stream);
    reply.raw.on("close", () => streams.delete(stream));
    await stream.open();
  });
};

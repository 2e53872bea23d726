/**
 * The live event stream (server-sent events): replay then live, resume with Last-Event-ID or
 * ?after=n without gaps or duplicates (also while writes race the subscription), heartbeats,
 * auth and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.ts";
import { type Routing, routing, startEventsServer } from "./support/setup.ts";
import { openStream } from "./support/sse-client.ts";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("Event stream", () => {
  let t: TestServer;
  let r: Routing;
  const lastSequence = async () => {
    const events = await t.server.store.listEvents(r.wsSid, { limit: 100_000 });
    return events.at(-1)?.sequence ?? 0;
  };
  beforeAll(async () => {
    t = await startEventsServer();
    r = await routing(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it("replays the workspace's events from the first, then sends live ones", async () => {
    const stream = await openStream(t, r.wsSid);
    expect(stream.status).toBe(200);
    const stored = await lastSequence();
    await stream.waitFor((c) => c.messages.length >= stored, "the replay");
    expect(stream.ids()).toEqual(range(1, stored));
    await r.worker("Live");
    const now = await lastSequence();
    await stream.waitFor((c) => c.messages.length >= now, "live events");
    expect(stream.ids()).toEqual(range(1, now));
    const last = stream.messages.at(-1);
    const data = JSON.parse(last?.data ?? "{}") as Record<string, unknown>;
    expect(last?.event).toBe(data.event_type);
    expect(data).toMatchObject({ sequence: now, workspace_sid: r.wsSid, source: "Tasklane" });
    expect(data.sid).toMatch(/^EV/);
    stream.close();
  });

  it("resumes after a disconnect from Last-Event-ID or ?after=n, without gaps or duplicates", async () => {
    const first = await openStream(t, r.wsSid);
    const seen = await lastSequence();
    await first.waitFor((c) => c.messages.length >= seen, "the replay");
    first.close();
    // Missed while disconnected.
    await r.worker("Missed");
    await r.task();
    const now = await lastSequence();
    const resumed = await openStream(t, r.wsSid, { lastEventId: seen });
    await resumed.waitFor((c) => c.messages.length >= now - seen, "the missed events");
    expect(resumed.ids()).toEqual(range(seen + 1, now));
    const viaQuery = await openStream(t, r.wsSid, { query: `?after=${now - 2}` });
    await viaQuery.waitFor((c) => c.messages.length >= 2, "the last two");
    expect(viaQuery.ids()).toEqual([now - 1, now]);
    // Both continue live.
    await r.worker("After");
    const later = await lastSequence();
    await resumed.waitFor((c) => c.ids().at(-1) === later, "live after resume");
    await viaQuery.waitFor((c) => c.ids().at(-1) === later, "live after ?after");
    expect(resumed.ids()).toEqual(range(seen + 1, later));
    expect(viaQuery.ids()).toEqual(range(now - 1, later));
    resumed.close();
    viaQuery.close();
  });

  it("has no gap or duplicate when writes race the subscription", async () => {
    const from = await lastSequence();
    const writes = Array.from({ length: 20 }, (_, i) =>
      r.ws.workers.create({ friendlyName: `Racer ${i}`, attributes: "{}" }),
    );
    const stream = await openStream(t, r.wsSid, { query: `?after=${from}` });
    await Promise.all(writes);
    const to = await lastSequence();
    await stream.waitFor((c) => c.ids().at(-1) === to, "every raced event");
    expect(stream.ids()).toEqual(range(from + 1, to));
    stream.close();
  });

  it("sends heartbeats as comments", async () => {
    const stream = await openStream(t, r.wsSid, { query: `?heartbeat=1&after=${await lastSequence()}` });
    await stream.waitFor((c) => c.comments.includes("heartbeat"), "a heartbeat");
    expect(stream.messages).toEqual([]);
    stream.close();
  });

  it("needs Basic auth, a known workspace and a numeric resume point", async () => {
    expect((await openStream(t, r.wsSid, { auth: false })).status).toBe(401);
    expect((await openStream(t, `WS${"0".repeat(32)}`)).status).toBe(404);
    expect((await openStream(t, r.wsSid, { query: "?after=abc" })).status).toBe(400);
  });

  it("lets the server shut down with a stream open", async () => {
    const other = await startEventsServer();
    const ws = await other.client.taskrouter.v1.workspaces.create({ friendlyName: "closing" });
    const stream = await openStream(other, ws.sid);
    await stream.waitFor((c) => c.messages.length > 0, "the replay");
    await other.close();
    stream.close();
  });
});

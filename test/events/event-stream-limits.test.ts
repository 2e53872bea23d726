/**
 * The event stream under many subscribers (issue 10, item 10): a frame is serialised once for every
 * subscriber of a workspace, the number of open streams per workspace is capped (429 in Twilio's
 * shape), and a closed stream frees its place.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventFrames } from "../../src/events/stream/frames.ts";
import type { StoredEvent } from "../../src/store/port.ts";
import { SimulatedClock, startTestServer, type TestServer } from "../support/server.ts";
import { FAST_CALLBACKS, type Routing, routing } from "./support/setup.ts";
import { openStream } from "./support/sse-client.ts";

describe("event frames", () => {
  it("renders an event once however many streams send it, and a commit's frames as one string", () => {
    let renders = 0;
    const frames = new EventFrames((event) => {
      renders += 1;
      return { sid: event.sid };
    });
    const events = [1, 2].map(
      (sequence): StoredEvent => ({
        sid: `EV${sequence}`,
        sequence,
        workspaceSid: "WS1",
        eventType: "task.created",
        resourceType: "Task",
        resourceSid: "WT1",
        description: "",
        timestamp: 0,
        fields: {},
      }),
    );
    const perSubscriber = Array.from({ length: 1000 }, () => frames.ofBatch(events));
    expect(renders).toBe(2);
    expect(new Set(perSubscriber).size).toBe(1);
    expect(perSubscriber[0]).toBe(
      'id: 1\nevent: task.created\ndata: {"sid":"EV1","sequence":1}\n\n' +
        'id: 2\nevent: task.created\ndata: {"sid":"EV2","sequence":2}\n\n',
    );
  });
});

describe("event stream limits", () => {
  let t: TestServer;
  let r: Routing;
  beforeAll(async () => {
    t = await startTestServer({
      database: "memory",
      clock: new SimulatedClock(),
      env: { ...FAST_CALLBACKS, TASKLANE_MAX_EVENT_STREAMS_PER_WORKSPACE: "3" },
    });
    r = await routing(t);
  });
  afterAll(() => t.close());

  it("refuses a stream past the per-workspace cap with 429 / 20429, and frees the place on close", async () => {
    const open = await Promise.all([1, 2, 3].map(() => openStream(t, r.wsSid)));
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await fetch(`${t.baseUrl}/tasklane/v1/Workspaces/${r.wsSid}/EventStream`, {
      headers: { authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}` },
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 20429, status: 429 });
    // Every open stream still gets the live events.
    await r.worker("Live");
    const last = (await t.server.store.listEvents(r.wsSid, { limit: 100_000 })).at(-1)?.sequence ?? 0;
    for (const stream of open) await stream.waitFor((c) => c.messages.length >= last, "live events");
    open[0]?.close();
    let again = await openStream(t, r.wsSid);
    for (let i = 0; again.status !== 200 && i < 50; i++) {
      again.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await openStream(t, r.wsSid);
    }
    expect(again.status).toBe(200);
    for (const stream of [...open.slice(1), again]) stream.close();
  });
});

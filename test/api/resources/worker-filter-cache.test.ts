/**
 * TargetWorkersExpression reuses each worker's expression document between requests
 * (src/wire/filters/worker-documents.ts): a change to the worker's attributes, name or
 * activity, or a renamed activity, must show in the next list at once. List pages reuse each
 * worker's rendered JSON too (src/api/resources/workers/worker-list-render.ts): the same changes
 * must show in the listed fields.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, startServer } from "./fixture.ts";

describe("Workers filtered by TargetWorkersExpression, across changes", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("sees updated attributes, names, activities and activity names on the next request", async () => {
    const { ws } = await newWorkspace(t);
    const a = await ws.workers.create({ friendlyName: "a", attributes: '{"skills":["en"],"level":1}' });
    const b = await ws.workers.create({ friendlyName: "b", attributes: '{"skills":["es"],"level":3}' });
    const list = async (expression: string) =>
      (await ws.workers.list({ targetWorkersExpression: expression })).map((w) => w.sid);

    expect(await list("skills HAS 'en'")).toEqual([a.sid]);
    await ws.workers(b.sid).update({ attributes: '{"skills":["en","es"],"level":3}' });
    expect(await list("skills HAS 'en'")).toEqual([a.sid, b.sid]);
    expect(await list("skills HAS 'en' AND level >= 2")).toEqual([b.sid]);

    expect(await list("friendly_name == 'renamed'")).toEqual([]);
    await ws.workers(a.sid).update({ friendlyName: "renamed" });
    expect(await list("friendly_name == 'renamed'")).toEqual([a.sid]);

    const [offline] = await ws.activities.list({ friendlyName: "Offline" });
    if (offline === undefined) throw new Error("no Offline activity");
    expect(await list("activity_name == 'Offline'")).toEqual([a.sid, b.sid]);
    await ws.activities(offline.sid).update({ friendlyName: "Away" });
    expect(await list("activity_name == 'Offline'")).toEqual([]);
    expect(await list("activity_name == 'Away'")).toEqual([a.sid, b.sid]);

    const busy = await ws.activities.create({ friendlyName: "Busy", available: true });
    await ws.workers(b.sid).update({ activitySid: busy.sid });
    expect(await list(`activity_sid == '${busy.sid}'`)).toEqual([b.sid]);
    expect(await list("1 == 1")).toEqual([a.sid, b.sid]);
  });

  it("shows changed names, activities and activity names in the listed fields on the next request", async () => {
    const { ws } = await newWorkspace(t);
    const w = await ws.workers.create({ friendlyName: "first", attributes: '{"skills":["en"]}' });
    const listed = async () => {
      const [one] = await ws.workers.list({ targetWorkersExpression: "skills HAS 'en'" });
      if (one === undefined) throw new Error("the worker is not listed");
      return one;
    };
    const before = await listed();
    expect(before).toMatchObject({ friendlyName: "first", activityName: "Offline", available: false });
    expect(before.attributes).toBeNull();
    await ws.workers(w.sid).update({ friendlyName: "second" });
    expect((await listed()).friendlyName).toBe("second");
    const ready = await ws.activities.create({ friendlyName: "Ready", available: true });
    await ws.workers(w.sid).update({ activitySid: ready.sid });
    expect(await listed()).toMatchObject({ activitySid: ready.sid, activityName: "Ready", available: true });
    await ws.activities(ready.sid).update({ friendlyName: "Set" });
    expect((await listed()).activityName).toBe("Set");
    // A single-worker read still has the attributes; the list shows null (TaskRouter's shape).
    expect((await ws.workers(w.sid).fetch()).attributes).toBe('{"skills":["en"]}');
  });
});

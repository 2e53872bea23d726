import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer } from "./fixture.ts";

async function activitySid(
  ws: Awaited<ReturnType<typeof newWorkspace>>["ws"],
  name: string,
): Promise<string> {
  const [activity] = await ws.activities.list({ friendlyName: name });
  if (activity === undefined) throw new Error(`no activity ${name}`);
  return activity.sid;
}

describe("Workers", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates, fetches, updates, lists and removes, with derived activity fields and links", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const alice = await ws.workers.create({ friendlyName: "alice", attributes: '{"skills":["en"]}' });
    expect(alice.sid).toMatch(/^WK[0-9a-f]{32}$/);
    expect(alice.attributes).toBe('{"skills":["en"]}');
    expect(alice.activityName).toBe("Offline");
    expect(alice.available).toBe(false);
    const base = `${t.baseUrl}/v1/Workspaces/${wsSid}`;
    expect(alice.links).toEqual({
      channels: `${base}/Workers/${alice.sid}/Channels`,
      activity: `${base}/Activities/${alice.activitySid}`,
      workspace: base,
      statistics: `${base}/Workers/Statistics`,
      real_time_statistics: `${base}/Workers/RealTimeStatistics`,
      cumulative_statistics: `${base}/Workers/CumulativeStatistics`,
      worker_statistics: `${base}/Workers/${alice.sid}/Statistics`,
      worker_channels: `${base}/Workers/${alice.sid}/Channels`,
      reservations: `${base}/Workers/${alice.sid}/Reservations`,
    });

    const available = await activitySid(ws, "Available");
    const updated = await ws.workers(alice.sid).update({ activitySid: available, friendlyName: "Alice" });
    expect(updated.activityName).toBe("Available");
    expect(updated.available).toBe(true);
    expect(updated.friendlyName).toBe("Alice");
    expect((await ws.workers(alice.sid).fetch()).activitySid).toBe(available);

    const listed = await ws.workers.list();
    expect(listed.map((w) => w.sid)).toEqual([alice.sid]);
    expect(listed[0]?.attributes).toBeNull();

    expect(await ws.workers(alice.sid).remove()).toBe(true);
    expect((await rejection(() => ws.workers(alice.sid).fetch())).status).toBe(404);
  });

  it("runs the seed's worker samples unchanged", async () => {
    const { ws: workspace } = await newWorkspace(t);
    const availableActivitySid = await activitySid(workspace, "Available");
    const worker = await workspace.workers.create({
      friendlyName: "Alice",
      attributes: JSON.stringify({
        skills: ["english", "billing"],
        department: "support",
        level: 2,
      }),
    });
    const workerSid = worker.sid;
    await workspace.workers(workerSid).update({
      attributes: JSON.stringify({
        skills: ["english", "billing", "technical"],
        department: "support",
        level: 3,
      }),
    });
    await workspace.workers(workerSid).update({
      activitySid: availableActivitySid,
    });
    const workers = await workspace.workers.list({ limit: 20 });
    expect(workers).toHaveLength(1);
    const fetched = await workspace.workers(workerSid).fetch();
    expect(JSON.parse(fetched.attributes)).toEqual({
      skills: ["english", "billing", "technical"],
      department: "support",
      level: 3,
    });
    expect(fetched.activityName).toBe("Available");
  });

  it("filters by activity, availability, name, expression and queue, and orders", async () => {
    const { ws } = await newWorkspace(t);
    const available = await activitySid(ws, "Available");
    const en = await ws.workers.create({ friendlyName: "en", attributes: '{"skills":["en"],"level":1}' });
    t.clock?.advance(1000);
    const es = await ws.workers.create({
      friendlyName: "es",
      attributes: '{"skills":["es"],"level":3}',
      activitySid: available,
    });
    t.clock?.advance(2000);
    const both = await ws.workers.create({
      friendlyName: "Both",
      attributes: '{"skills":["en","es"],"level":2}',
    });
    const sids = (list: { sid: string }[]) => list.map((w) => w.sid);

    expect(sids(await ws.workers.list({ activitySid: available }))).toEqual([es.sid]);
    expect(sids(await ws.workers.list({ activityName: "Offline" }))).toEqual([en.sid, both.sid]);
    expect(sids(await ws.workers.list({ available: "1" }))).toEqual([es.sid]);
    expect(sids(await ws.workers.list({ available: "false" }))).toEqual([en.sid, both.sid]);
    expect(sids(await ws.workers.list({ friendlyName: "both" }))).toEqual([both.sid]);
    expect(
      sids(await ws.workers.list({ targetWorkersExpression: "skills HAS 'en' AND level >= 2" })),
    ).toEqual([both.sid]);
    expect(sids(await ws.workers.list({ targetWorkersExpression: `activity_name == "Available"` }))).toEqual([
      es.sid,
    ]);
    expect(sids(await ws.workers.list({ targetWorkersExpression: `sid == "${en.sid}"` }))).toEqual([en.sid]);

    const queue = await ws.taskQueues.create({ friendlyName: "Spanish", targetWorkers: "skills HAS 'es'" });
    expect(sids(await ws.workers.list({ taskQueueSid: queue.sid }))).toEqual([es.sid, both.sid]);
    expect(sids(await ws.workers.list({ taskQueueName: "Spanish" }))).toEqual([es.sid, both.sid]);

    expect(sids(await ws.workers.list({ ordering: "DateCreated:desc" }))).toEqual([both.sid, es.sid, en.sid]);
    t.clock?.advance(1000);
    await ws.workers(en.sid).update({ activitySid: available });
    expect(sids(await ws.workers.list({ ordering: "DateStatusChanged:desc" }))[0]).toBe(en.sid);
  });

  it("validates filters and body parameters with errors naming them", async () => {
    const { ws } = await newWorkspace(t);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => ws.workers.list({ activitySid: "WK00000000000000000000000000000001" }), "ActivitySid"],
      [() => ws.workers.list({ ordering: "FriendlyName:asc" }), "Ordering"],
      [() => ws.workers.list({ ordering: "DateCreated:up" }), "Ordering"],
      [() => ws.workers.list({ targetWorkersExpression: "skills HAS" }), "TargetWorkersExpression"],
      [() => ws.workers.list({ taskQueueSid: "nope" }), "TaskQueueSid"],
      [() => ws.workers.create({ friendlyName: "x", attributes: "{not json" }), "Attributes"],
      [() => ws.workers.create({ friendlyName: "x", attributes: "[1]" }), "Attributes"],
      [
        () => ws.workers.create({ friendlyName: "x", activitySid: "WQ00000000000000000000000000000001" }),
        "ActivitySid",
      ],
    ];
    for (const [call, name] of cases) {
      const error = await rejection(call);
      expect(error.status, name).toBe(400);
      expect(error.code).toBe(20001);
      expect(error.message).toContain(name);
    }
    // An object passed where the SDK expects a JSON string arrives as Attributes[a]=1.
    const objectAttributes = await rejection(() =>
      ws.workers.create({ friendlyName: "x", attributes: { a: 1 } as unknown as string }),
    );
    expect(objectAttributes.status).toBe(400);
    expect(objectAttributes.message).toContain("Attributes");
  });

  it("returns an ETag and honours If-Match on update and delete", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const w = await ws.workers.create({ friendlyName: "etag" });
    const fetched = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Workers/${w.sid}`);
    const etag = fetched.headers.get("etag");
    expect(etag).toMatch(/^"\d+"$/);

    const stale = await rejection(() => ws.workers(w.sid).update({ friendlyName: "y", ifMatch: '"999"' }));
    expect(stale.status).toBe(412);

    const ok = await raw(t, "POST", `/v1/Workspaces/${wsSid}/Workers/${w.sid}`, {
      form: "FriendlyName=z",
      headers: { "if-match": etag ?? "" },
    });
    expect(ok.status).toBe(200);
    const newEtag = ok.headers.get("etag");
    expect(newEtag).not.toBe(etag);

    expect((await rejection(() => ws.workers(w.sid).remove({ ifMatch: etag ?? "" }))).status).toBe(412);
    expect(await ws.workers(w.sid).remove({ ifMatch: newEtag ?? "" })).toBe(true);

    const list = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Workers`);
    expect(list.headers.get("etag")).toMatch(/^"\d+"$/);
  });

  it("pages through many workers with each()", async () => {
    const { ws } = await newWorkspace(t);
    for (let i = 0; i < 7; i++) await ws.workers.create({ friendlyName: `w${i}` });
    const seen: string[] = [];
    await ws.workers.each({ pageSize: 3 }, (w) => {
      seen.push(w.friendlyName);
    });
    expect(seen).toEqual(["w0", "w1", "w2", "w3", "w4", "w5", "w6"]);
    const page = await ws.workers.page({ pageSize: 3 });
    expect(page.nextPageUrl).toContain("PageToken=PA");
  });
});

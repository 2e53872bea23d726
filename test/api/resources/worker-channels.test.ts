import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer } from "./fixture.ts";

describe("WorkerChannels", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists one channel per TaskChannel and fetches by WC SID, TC SID or unique name", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const w = await ws.workers.create({ friendlyName: "w" });
    const channels = await ws.workers(w.sid).workerChannels.list();
    const taskChannels = await ws.taskChannels.list();
    expect(channels.map((c) => c.taskChannelUniqueName).sort()).toEqual(
      taskChannels.map((c) => c.uniqueName).sort(),
    );

    const voice = channels.find((c) => c.taskChannelUniqueName === "voice");
    if (voice === undefined) throw new Error("no voice channel");
    expect(voice.sid).toMatch(/^WC[0-9a-f]{32}$/);
    expect(voice.workerSid).toBe(w.sid);
    expect(voice.assignedTasks).toBe(0);
    expect(voice.url).toBe(`${t.baseUrl}/v1/Workspaces/${wsSid}/Workers/${w.sid}/Channels/${voice.sid}`);

    expect((await ws.workers(w.sid).workerChannels(voice.sid).fetch()).taskChannelUniqueName).toBe("voice");
    expect((await ws.workers(w.sid).workerChannels("voice").fetch()).sid).toBe(voice.sid);
    expect((await ws.workers(w.sid).workerChannels(voice.taskChannelSid).fetch()).sid).toBe(voice.sid);

    const page = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Workers/${w.sid}/Channels`);
    expect((page.json.meta as { key: string }).key).toBe("channels");
  });

  it("updates capacity and availability (the SDK's workerChannels('voice').update)", async () => {
    const { ws } = await newWorkspace(t);
    const [available] = await ws.activities.list({ friendlyName: "Available" });
    const w = await ws.workers.create({ friendlyName: "w", activitySid: available?.sid ?? "" });
    const updated = await ws.workers(w.sid).workerChannels("voice").update({ capacity: 2, available: true });
    expect(updated.configuredCapacity).toBe(2);
    expect(updated.available).toBe(true);
    expect(updated.availableCapacityPercentage).toBe(100);

    const off = await ws.workers(w.sid).workerChannels("voice").update({ available: false });
    expect(off.available).toBe(false);
    expect(off.configuredCapacity).toBe(2);
  });

  it("rejects a bad Capacity and unknown channels", async () => {
    const { ws } = await newWorkspace(t);
    const w = await ws.workers.create({ friendlyName: "w" });
    const bad = await rejection(() => ws.workers(w.sid).workerChannels("voice").update({ capacity: -1 }));
    expect(bad.status).toBe(400);
    expect(bad.message).toContain("Capacity");
    const unknown = await rejection(() => ws.workers(w.sid).workerChannels("pigeon").fetch());
    expect(unknown.status).toBe(404);
    const noWorker = await rejection(() =>
      ws.workers("WK00000000000000000000000000000009").workerChannels("voice").fetch(),
    );
    expect(noWorker.status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer } from "./fixture.ts";

describe("TaskChannels", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates, fetches (by SID and unique name), updates, lists and removes", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const fax = await ws.taskChannels.create({
      friendlyName: "Fax",
      uniqueName: "fax",
      channelOptimizedRouting: true,
    });
    expect(fax.sid).toMatch(/^TC[0-9a-f]{32}$/);
    expect(fax.uniqueName).toBe("fax");
    expect(fax.channelOptimizedRouting).toBe(true);
    expect(fax.links).toEqual({ workspace: `${t.baseUrl}/v1/Workspaces/${wsSid}` });

    expect((await ws.taskChannels(fax.sid).fetch()).friendlyName).toBe("Fax");
    expect((await ws.taskChannels("fax").fetch()).sid).toBe(fax.sid);

    const updated = await ws
      .taskChannels("fax")
      .update({ friendlyName: "Text", channelOptimizedRouting: false });
    expect(updated.friendlyName).toBe("Text");
    expect(updated.channelOptimizedRouting).toBe(false);

    const uniques = (await ws.taskChannels.list()).map((c) => c.uniqueName);
    expect(uniques).toContain("fax");
    expect(uniques).toContain("default");

    const page = await raw(t, "GET", `/v1/Workspaces/${wsSid}/TaskChannels`);
    expect((page.json.meta as { key: string }).key).toBe("channels");

    expect(await ws.taskChannels(fax.sid).remove()).toBe(true);
    expect((await rejection(() => ws.taskChannels("fax").fetch())).status).toBe(404);
  });

  it("requires FriendlyName and UniqueName", async () => {
    const { ws } = await newWorkspace(t);
    const error = await rejection(() => ws.taskChannels.create({ friendlyName: "x", uniqueName: "" }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("UniqueName");
  });
});

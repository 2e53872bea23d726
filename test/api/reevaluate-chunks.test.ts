/**
 * ReEvaluateTasks on a large workspace (issue 10, item 10): the pending tasks are routed again in
 * chunks, each its own command and commit, so other workspaces are answered in between, and every
 * task ends where the new configuration sends it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REEVALUATION_CHUNK } from "../../src/runtime/reevaluation.ts";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import type { CommitBatch, StoredEvent } from "../../src/store/port.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

class GroupWatchingStore extends MemoryStore {
  /** Task documents written per transaction, per workspace. */
  readonly taskWrites: Array<{ workspaceSid: string; tasks: number }> = [];
  override async commitGroup(batches: readonly CommitBatch[]): Promise<StoredEvent[][]> {
    for (const batch of batches) {
      const tasks = batch.upserts.filter((u) => u.kind === "task").length;
      this.taskWrites.push({ workspaceSid: batch.workspaceSid, tasks });
    }
    return super.commitGroup(batches);
  }
}

describe("ReEvaluateTasks in chunks", () => {
  let t: TestServer;
  let store: GroupWatchingStore;
  beforeAll(async () => {
    store = new GroupWatchingStore();
    t = await startTestServer({ store });
  });
  afterAll(() => t.close());

  it("routes 1,000 pending tasks again, at most one chunk per commit, answering another workspace meanwhile", async () => {
    const tr = t.client.taskrouter.v1;
    const big = tr.workspaces((await tr.workspaces.create({ friendlyName: "big" })).sid);
    const first = await big.taskQueues.create({ friendlyName: "first" });
    const second = await big.taskQueues.create({ friendlyName: "second" });
    const config = (queue: string) =>
      JSON.stringify({ task_routing: { filters: [], default_filter: { queue } } });
    const workflow = await big.workflows.create({ friendlyName: "wf", configuration: config(first.sid) });
    const total = 1000;
    for (let i = 0; i < total; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          big.tasks.create({ workflowSid: workflow.sid, attributes: JSON.stringify({ n: i }) }),
        ),
      );
    }
    const other = tr.workspaces((await tr.workspaces.create({ friendlyName: "other" })).sid);
    const bigSid = (await big.fetch()).sid;
    store.taskWrites.length = 0;

    let reevaluated = false;
    const update = big.workflows(workflow.sid).update({
      configuration: config(second.sid),
      reEvaluateTasks: "true",
    });
    void update.then(() => {
      reevaluated = true;
    });
    // Wait until the re-evaluation has begun, then write to the other workspace.
    while (!store.taskWrites.some((w) => w.workspaceSid === bigSid && w.tasks > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await other.update({ friendlyName: "other, answered meanwhile" });
    expect(reevaluated).toBe(false);
    await update;

    const writes = store.taskWrites.filter((w) => w.workspaceSid === bigSid && w.tasks > 0);
    expect(Math.max(...writes.map((w) => w.tasks))).toBeLessThanOrEqual(REEVALUATION_CHUNK);
    expect(writes.reduce((sum, w) => sum + w.tasks, 0)).toBe(total);
    const inSecond = await big.tasks.list({ taskQueueSid: second.sid, pageSize: 1000 });
    expect(inSecond).toHaveLength(total);
  });
});

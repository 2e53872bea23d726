/**
 * Group commit (Store.commitGroup), run against every adapter: several batches of one or several
 * workspaces in one transaction, numbered in order, all or nothing.
 */
import { describe, expect, it } from "vitest";
import type { CommitBatch } from "../../src/store/port.ts";
import { activityEntity, domainEvent, sid, taskEntity, workspaceEntity } from "../support/entities.ts";
import type { StoreHarness } from "./store.contract.ts";

const AC = sid("AC", 1);
const WS1 = sid("WS", 1);
const WS2 = sid("WS", 2);

function batch(ws: string, n: number, eventSids: number[]): CommitBatch {
  return {
    workspaceSid: ws,
    upserts: [
      { kind: "workspace", sid: ws, entity: workspaceEntity(ws, AC, `ws ${n}`) },
      { kind: "task", sid: sid("WT", n), entity: taskEntity(sid("WT", n), ws) },
    ],
    deletes: [],
    events: eventSids.map((e) => ({ ...domainEvent(sid("WT", n)), sid: sid("EV", e) })),
    outbox: eventSids.map((e) => ({ eventSid: sid("EV", e), url: "http://cb/", params: { n: String(e) } })),
  };
}

export function describeStoreGroupContract(adapter: string, open: () => Promise<StoreHarness>): void {
  describe(`Store group commit: ${adapter}`, () => {
    async function withStore(body: (h: StoreHarness) => Promise<void>): Promise<void> {
      const harness = await open();
      try {
        await body(harness);
      } finally {
        await harness.cleanup();
      }
    }

    it("commits batches of several workspaces in one call, numbering each workspace in order", () =>
      withStore(async ({ store }) => {
        const stored = await store.commitGroup([
          batch(WS1, 1, [1, 2]),
          batch(WS2, 2, [3]),
          batch(WS1, 3, [4]),
        ]);
        expect(stored.map((events) => events.map((e) => [e.workspaceSid, e.sequence]))).toEqual([
          [
            [WS1, 1],
            [WS1, 2],
          ],
          [[WS2, 1]],
          [[WS1, 3]],
        ]);
        const ws1 = await store.loadWorkspace(WS1);
        expect(ws1?.workspace.friendlyName).toBe("ws 3");
        expect(ws1?.tasks.map((t) => t.sid).sort()).toEqual([sid("WT", 1), sid("WT", 3)]);
        expect((await store.listEvents(WS1, { limit: 10 })).map((e) => e.sid)).toEqual(
          [1, 2, 4].map((n) => sid("EV", n)),
        );
        expect((await store.listOutbox(WS1, 10)).map((o) => [o.sequence, o.params.n])).toEqual([
          [1, "1"],
          [2, "2"],
          [3, "4"],
        ]);
        expect(await store.commitGroup([])).toEqual([]);
      }));

    it("refuses the whole group when one batch fails: nothing of any batch is stored", () =>
      withStore(async ({ store }) => {
        await store.commit(batch(WS1, 1, [1]));
        const renamed: CommitBatch = {
          workspaceSid: WS1,
          upserts: [{ kind: "activity", sid: sid("WA", 9), entity: activityEntity(sid("WA", 9), WS1) }],
          deletes: [{ kind: "task", sid: sid("WT", 1) }],
          events: [{ ...domainEvent(sid("WT", 1)), sid: sid("EV", 20) }],
        };
        // The third batch reuses an event SID: the group must leave no trace.
        await expect(store.commitGroup([renamed, batch(WS2, 2, [21]), batch(WS1, 3, [1])])).rejects.toThrow(
          /already exists/,
        );
        const ws1 = await store.loadWorkspace(WS1);
        expect(ws1?.activities).toEqual([]);
        expect(ws1?.tasks.map((t) => t.sid)).toEqual([sid("WT", 1)]);
        expect(await store.loadWorkspace(WS2)).toBeNull();
        expect((await store.listEvents(WS1, { limit: 10 })).map((e) => e.sid)).toEqual([sid("EV", 1)]);
        expect(await store.listOutbox(WS2, 10)).toEqual([]);
        // Sequence numbers continue where the last committed batch left them.
        const next = await store.commitGroup([batch(WS1, 4, [30]), batch(WS2, 5, [21])]);
        expect(next.map((events) => events.map((e) => e.sequence))).toEqual([[2], [1]]);
      }));

    it("reads the batches when called: changing them afterwards changes nothing stored", () =>
      withStore(async ({ store }) => {
        const b = batch(WS1, 1, [1]);
        const pending = store.commitGroup([b]);
        const first = b.upserts[0];
        if (first?.kind === "workspace") first.entity.friendlyName = "changed after the call";
        await pending;
        expect((await store.loadWorkspace(WS1))?.workspace.friendlyName).toBe("ws 1");
      }));
  });
}

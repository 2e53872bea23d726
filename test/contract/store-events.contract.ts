/**
 * Conformance cases for the event side of the storage port (Events API query, retention, the
 * durable outbox), run against every adapter from its *-store.test.ts next to store.contract.ts.
 */
import { describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/domain/event-types.ts";
import type { CommitBatch, Store } from "../../src/store/port.ts";
import { domainEvent, sid } from "../support/entities.ts";
import type { StoreHarness } from "./store.contract.ts";

const WS = sid("WS", 1);
let evCounter = 0;

function event(at: number, type: DomainEvent["eventType"], fields: DomainEvent["fields"]) {
  evCounter += 1;
  return { ...domainEvent(sid("WT", 1), type), timestamp: at, fields, sid: sid("EV", evCounter) };
}

function batch(events: CommitBatch["events"], outbox: CommitBatch["outbox"] = []): CommitBatch {
  return { workspaceSid: WS, upserts: [], deletes: [], events, outbox };
}

export function describeStoreEventsContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store events: ${name}`, () => {
    async function withStore(body: (h: StoreHarness) => Promise<void>) {
      const h = await open();
      try {
        await body(h);
      } finally {
        await h.cleanup();
      }
    }

    it("queries by time window, type, SID and callback fields, newest first", () =>
      withStore(async ({ store }) => {
        const a = event(1000, "task.created", { TaskSid: "WT1", TaskChannelUniqueName: "voice" });
        const b = event(2000, "reservation.created", { TaskSid: "WT1", WorkerSid: "WK1" });
        const c = event(3000, "reservation.accepted", { TaskSid: "WT2", WorkerSid: "WK1" });
        await store.commit(batch([a, b]));
        await store.commit(batch([c]));
        const sids = async (f: Parameters<Store["queryEvents"]>[1]) =>
          (await store.queryEvents(WS, f)).map((e) => e.sid);
        expect(await sids({})).toEqual([c.sid, b.sid, a.sid]);
        expect(await sids({ from: 1500, to: 2500 })).toEqual([b.sid]);
        expect(await sids({ eventType: "reservation.accepted" })).toEqual([c.sid]);
        expect(await sids({ sid: a.sid })).toEqual([a.sid]);
        expect(await sids({ fields: [{ names: ["TaskSid"], value: "WT1" }] })).toEqual([b.sid, a.sid]);
        expect(
          await sids({
            fields: [
              { names: ["TaskSid"], value: "WT1" },
              { names: ["WorkerSid"], value: "WK1" },
            ],
          }),
        ).toEqual([b.sid]);
        expect(
          await sids({ fields: [{ names: ["TaskChannelSid", "TaskChannelUniqueName"], value: "voice" }] }),
        ).toEqual([a.sid]);
        expect(await store.queryEvents(sid("WS", 9), {})).toEqual([]);
        await expect(
          store.queryEvents(WS, { fields: [{ names: ["a') OR 1=1 --"], value: "x" }] }),
        ).rejects.toThrow(/not an event field name/);
      }));

    it("reads one page of a query by sequence: next, previous and offset pages, newest first", () =>
      withStore(async ({ store }) => {
        const events = Array.from({ length: 7 }, (_, i) =>
          event(1000 + i, i % 2 === 0 ? "task.created" : "task.updated", { TaskSid: "WT1" }),
        );
        const stored = await store.commit(batch(events));
        const seq = stored.map((e) => e.sequence);
        const page = async (p: Parameters<Store["queryEvents"]>[2]) =>
          (await store.queryEvents(WS, { from: 0 }, p)).map((e) => e.sequence);
        const newest = [...seq].reverse();
        expect(await page({ limit: 3 })).toEqual(newest.slice(0, 3));
        expect(await page({ limit: 3, beforeSequence: newest[2] })).toEqual(newest.slice(3, 6));
        expect(await page({ limit: 3, offset: 6 })).toEqual(newest.slice(6));
        // The previous page: the 3 events right after the cursor, still newest first.
        expect(await page({ limit: 3, afterSequence: seq[1] })).toEqual([seq[4], seq[3], seq[2]]);
        const updated = await store.queryEvents(WS, { eventType: "task.updated" }, { limit: 2 });
        expect(updated.map((e) => e.sequence)).toEqual([seq[5], seq[3]]);
      }));

    it("writes outbox entries with their events, lists them in order and forgets acked ones", () =>
      withStore(async ({ store }) => {
        const a = event(1000, "task.created", {});
        const b = event(2000, "task.updated", {});
        const stored = await store.commit(
          batch(
            [a, b],
            [
              { eventSid: a.sid, url: "http://x/a", params: { EventType: "task.created" } },
              { eventSid: b.sid, url: "http://x/b", params: { EventType: "task.updated" } },
            ],
          ),
        );
        expect(await store.outboxWorkspaces()).toEqual([WS]);
        const outbox = await store.listOutbox(WS, 10);
        expect(outbox.map((o) => [o.sequence, o.url, o.eventSid, o.createdAt])).toEqual([
          [stored[0]?.sequence, "http://x/a", a.sid, 1000],
          [stored[1]?.sequence, "http://x/b", b.sid, 2000],
        ]);
        expect(outbox[0]?.params).toEqual({ EventType: "task.created" });
        expect(await store.listOutbox(WS, 1)).toHaveLength(1);
        await store.ackOutbox(WS, outbox[0]?.sequence ?? 0);
        expect((await store.listOutbox(WS, 10)).map((o) => o.url)).toEqual(["http://x/b"]);
        await store.ackOutbox(WS, outbox[1]?.sequence ?? 0);
        expect(await store.outboxWorkspaces()).toEqual([]);
      }));

    it("drops every outbox entry up to a sequence at once (give-up and purge)", () =>
      withStore(async ({ store }) => {
        const events = [1000, 2000, 3000].map((at) => event(at, "task.created", {}));
        const stored = await store.commit(
          batch(
            events,
            events.map((e) => ({ eventSid: e.sid, url: "http://x", params: {} })),
          ),
        );
        expect(await store.dropOutbox(WS, stored[1]?.sequence ?? 0)).toBe(2);
        expect((await store.listOutbox(WS, 10)).map((o) => o.sequence)).toEqual([stored[2]?.sequence]);
        expect(await store.dropOutbox(WS, Number.MAX_SAFE_INTEGER)).toBe(1);
        expect(await store.dropOutbox(`WS${"0".repeat(32)}`, Number.MAX_SAFE_INTEGER)).toBe(0);
        expect(await store.outboxWorkspaces()).toEqual([]);
      }));

    it("refuses a batch whose event is a duplicate without leaving its outbox entry", () =>
      withStore(async ({ store }) => {
        const a = event(1000, "task.created", {});
        await store.commit(batch([a]));
        const b = event(2000, "task.created", {});
        await expect(
          store.commit(batch([b, a], [{ eventSid: b.sid, url: "http://x", params: {} }])),
        ).rejects.toThrow();
        expect(await store.listOutbox(WS, 10)).toEqual([]);
        expect(await store.queryEvents(WS, {})).toHaveLength(1);
      }));

    it("prunes old events and callbacks but never reuses a sequence number", () =>
      withStore(async ({ store }) => {
        const old = event(1000, "task.created", {});
        const first = await store.commit(batch([old], [{ eventSid: old.sid, url: "http://x", params: {} }]));
        expect(await store.pruneEvents(5000)).toBe(1);
        expect(await store.queryEvents(WS, {})).toEqual([]);
        expect(await store.listOutbox(WS, 10)).toEqual([]);
        const next = await store.commit(batch([event(6000, "task.updated", {})]));
        expect(next[0]?.sequence).toBe((first[0]?.sequence ?? 0) + 1);
      }));

    it("deletes a workspace's outbox with it", () =>
      withStore(async ({ store }) => {
        const a = event(1000, "task.created", {});
        await store.commit(batch([a], [{ eventSid: a.sid, url: "http://x", params: {} }]));
        await store.deleteWorkspace(WS);
        expect(await store.outboxWorkspaces()).toEqual([]);
      }));

    it("keeps the outbox across a reopen (durable adapters)", async () => {
      const h = await open();
      try {
        if (h.reopen === undefined) {
          expect(name).toBe("memory");
          return;
        }
        const a = event(1000, "task.created", {});
        await h.store.commit(batch([a], [{ eventSid: a.sid, url: "http://x", params: { A: "1" } }]));
        const reopened = await h.reopen();
        expect((await reopened.listOutbox(WS, 10)).map((o) => o.params)).toEqual([{ A: "1" }]);
        const next = await reopened.commit(batch([event(2000, "task.updated", {})]));
        expect(next[0]?.sequence).toBe(2);
      } finally {
        await h.cleanup();
      }
    });
  });
}

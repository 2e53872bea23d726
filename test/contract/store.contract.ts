/**
 * The storage conformance suite, written once and run against every adapter: memory, SQLite and
 * PostgreSQL (one *-store.test.ts per adapter; the event side is in store-events.contract.ts).
 * PostgreSQL runs each test in a fresh schema of TASKLANE_TEST_POSTGRES_URL, dropped afterwards; it
 * is skipped (with the reason printed) only when the server is unreachable and
 * TASKLANE_REQUIRE_POSTGRES is not 1. Nothing else is skipped for any adapter.
 */
import { describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.ts";
import { activityEntity, domainEvent, sid, taskEntity, workspaceEntity } from "../support/entities.ts";

export interface StoreHarness {
  store: Store;
  /** Close and open the same database again (durable adapters only). */
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const AC = sid("AC", 1);
const WS1 = sid("WS", 1);
const WS2 = sid("WS", 2);

function seedBatch(ws: string, n = 1) {
  return {
    workspaceSid: ws,
    upserts: [
      { kind: "workspace" as const, sid: ws, entity: workspaceEntity(ws, AC) },
      { kind: "activity" as const, sid: sid("WA", n), entity: activityEntity(sid("WA", n), ws) },
      { kind: "task" as const, sid: sid("WT", n), entity: taskEntity(sid("WT", n), ws) },
    ],
    deletes: [],
    events: [{ ...domainEvent(sid("WT", n)), sid: sid("EV", n) }],
  };
}

export function describeStoreContract(adapter: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${adapter}`, () => {
    async function withStore(body: (h: StoreHarness) => Promise<void>): Promise<void> {
      const harness = await open();
      try {
        await body(harness);
      } finally {
        await harness.cleanup();
      }
    }

    it("starts empty", () =>
      withStore(async ({ store }) => {
        expect(await store.loadAll()).toEqual([]);
        expect(await store.loadWorkspace(WS1)).toBeNull();
        expect(await store.getAccount()).toBeNull();
      }));

    it("returns committed entities grouped by workspace, equal to what was stored", () =>
      withStore(async ({ store }) => {
        await store.commit(seedBatch(WS1, 1));
        await store.commit(seedBatch(WS2, 2));
        const all = await store.loadAll();
        expect(all.map((s) => s.workspace.sid).sort()).toEqual([WS1, WS2]);
        const one = await store.loadWorkspace(WS1);
        expect(one?.workspace).toEqual(workspaceEntity(WS1, AC));
        expect(one?.activities).toEqual([activityEntity(sid("WA", 1), WS1)]);
        expect(one?.tasks).toEqual([taskEntity(sid("WT", 1), WS1)]);
        expect(one?.workers).toEqual([]);
      }));

    it("upserts replace documents and deletes remove them", () =>
      withStore(async ({ store }) => {
        await store.commit(seedBatch(WS1));
        const renamed = { ...activityEntity(sid("WA", 1), WS1), friendlyName: "Renamed" };
        await store.commit({
          workspaceSid: WS1,
          upserts: [{ kind: "activity", sid: renamed.sid, entity: renamed }],
          deletes: [{ kind: "task", sid: sid("WT", 1) }],
          events: [],
        });
        const snapshot = await store.loadWorkspace(WS1);
        expect(snapshot?.activities).toEqual([renamed]);
        expect(snapshot?.tasks).toEqual([]);
      }));

    it("does not share objects with the caller", () =>
      withStore(async ({ store }) => {
        const batch = seedBatch(WS1);
        await store.commit(batch);
        const first = batch.upserts[0];
        if (first?.kind === "workspace") first.entity.friendlyName = "mutated after commit";
        const loaded = await store.loadWorkspace(WS1);
        expect(loaded?.workspace.friendlyName).toBe("ws");
      }));

    it("numbers events per workspace in append order and lists them after a sequence", () =>
      withStore(async ({ store }) => {
        const first = await store.commit(seedBatch(WS1, 1));
        const second = await store.commit({
          workspaceSid: WS1,
          upserts: [],
          deletes: [],
          events: [
            { ...domainEvent(sid("WT", 1), "task.updated"), sid: sid("EV", 10) },
            { ...domainEvent(sid("WT", 1), "task.canceled"), sid: sid("EV", 11) },
          ],
        });
        const other = await store.commit(seedBatch(WS2, 2));
        expect(first.map((e) => e.sequence)).toEqual([1]);
        expect(second.map((e) => e.sequence)).toEqual([2, 3]);
        expect(other.map((e) => e.sequence)).toEqual([1]);
        const listed = await store.listEvents(WS1, { limit: 10 });
        expect(listed.map((e) => e.eventType)).toEqual(["task.created", "task.updated", "task.canceled"]);
        expect(listed[0]).toEqual({
          ...domainEvent(sid("WT", 1)),
          sid: sid("EV", 1),
          workspaceSid: WS1,
          sequence: 1,
        });
        const after = await store.listEvents(WS1, { afterSequence: 1, limit: 1 });
        expect(after.map((e) => e.sid)).toEqual([sid("EV", 10)]);
      }));

    it("applies a batch atomically: a refused batch leaves nothing behind", () =>
      withStore(async ({ store }) => {
        await store.commit(seedBatch(WS1, 1));
        const ws2 = workspaceEntity(WS2, AC);
        await expect(
          store.commit({
            workspaceSid: WS1,
            upserts: [
              {
                kind: "workspace",
                sid: WS1,
                entity: { ...workspaceEntity(WS1, AC), friendlyName: "changed" },
              },
            ],
            deletes: [{ kind: "task", sid: sid("WT", 1) }],
            // The second event reuses an existing SID: the whole batch must be refused.
            events: [
              { ...domainEvent(sid("WT", 1)), sid: sid("EV", 50) },
              { ...domainEvent(sid("WT", 1)), sid: sid("EV", 1) },
            ],
          }),
        ).rejects.toThrow(/already exists/);
        const snapshot = await store.loadWorkspace(WS1);
        expect(snapshot?.workspace.friendlyName).toBe("ws");
        expect(snapshot?.tasks).toHaveLength(1);
        expect((await store.listEvents(WS1, { limit: 10 })).map((e) => e.sid)).toEqual([sid("EV", 1)]);
        expect(ws2.sid).toBe(WS2);
      }));

    it("deletes a whole workspace with its events and nothing else", () =>
      withStore(async ({ store }) => {
        await store.commit(seedBatch(WS1, 1));
        await store.commit(seedBatch(WS2, 2));
        await store.deleteWorkspace(WS1);
        expect(await store.loadWorkspace(WS1)).toBeNull();
        expect(await store.listEvents(WS1, { limit: 10 })).toEqual([]);
        expect((await store.loadAll()).map((s) => s.workspace.sid)).toEqual([WS2]);
        // Sequences restart for a workspace SID that is reused (never happens with random SIDs).
        const again = await store.commit(seedBatch(WS1, 3));
        expect(again.map((e) => e.sequence)).toEqual([1]);
      }));

    it("keeps the account credentials and refuses to switch accounts", () =>
      withStore(async ({ store }) => {
        const creds = { accountSid: AC, authToken: "a".repeat(32) };
        await store.saveAccount(creds);
        await store.saveAccount(creds);
        expect(await store.getAccount()).toEqual(creds);
        await expect(
          store.saveAccount({ accountSid: sid("AC", 2), authToken: "b".repeat(32) }),
        ).rejects.toThrow(/already belongs to account/);
      }));

    it("creates, lists, updates and deletes API keys", () =>
      withStore(async ({ store }) => {
        const key = {
          sid: sid("SK", 1),
          accountSid: AC,
          friendlyName: "ci",
          secret: "s".repeat(32),
          dateCreated: 1000,
          dateUpdated: 1000,
        };
        const later = {
          ...key,
          sid: sid("SK", 2),
          friendlyName: "ops",
          dateCreated: 2000,
          dateUpdated: 2000,
        };
        await store.createApiKey(later);
        await store.createApiKey(key);
        await expect(store.createApiKey(key)).rejects.toThrow(/already exists/);
        expect(await store.getApiKey(key.sid)).toEqual(key);
        expect((await store.listApiKeys(AC)).map((k) => k.sid)).toEqual([key.sid, later.sid]);
        expect(await store.listApiKeys(sid("AC", 9))).toEqual([]);
        const updated = await store.updateApiKey(key.sid, { friendlyName: "renamed", dateUpdated: 3000 });
        expect(updated).toEqual({ ...key, friendlyName: "renamed", dateUpdated: 3000 });
        expect(await store.updateApiKey(sid("SK", 9), { friendlyName: "x", dateUpdated: 1 })).toBeNull();
        expect(await store.deleteApiKey(key.sid)).toBe(true);
        expect(await store.deleteApiKey(key.sid)).toBe(false);
        expect(await store.getApiKey(key.sid)).toBeNull();
      }));

    it("commits different workspaces concurrently, each with its own sequence", () =>
      withStore(async ({ store }) => {
        const results = await Promise.all(
          [1, 2, 3, 4].map((n) => store.commit(seedBatch(sid("WS", 10 + n), 10 + n))),
        );
        expect(results.map((events) => events.map((e) => e.sequence))).toEqual([[1], [1], [1], [1]]);
        expect(await store.loadAll()).toHaveLength(4);
      }));

    it("keeps every string as given, U+0000 and private-use characters included", () =>
      withStore(async ({ store }) => {
        const odd = "a\u0000b\uE000c\uE0000d\uE000m\\u0000";
        const ws = { ...workspaceEntity(WS1, AC), friendlyName: odd };
        const task = { ...taskEntity(sid("WT", 1), WS1), attributes: JSON.stringify({ [odd]: odd }) };
        const event = {
          ...domainEvent(sid("WT", 1)),
          description: odd,
          fields: { TaskAttributes: odd },
          sid: sid("EV", 1),
        };
        await store.commit({
          workspaceSid: WS1,
          upserts: [
            { kind: "workspace", sid: WS1, entity: ws },
            { kind: "task", sid: task.sid, entity: task },
          ],
          deletes: [],
          events: [event],
          outbox: [{ eventSid: event.sid, url: "http://x/", params: { [odd]: odd } }],
        });
        const snapshot = await store.loadWorkspace(WS1);
        expect(snapshot?.workspace.friendlyName).toBe(odd);
        expect(snapshot?.tasks[0]?.attributes).toBe(task.attributes);
        const [stored] = await store.listEvents(WS1, { limit: 1 });
        expect([stored?.description, stored?.fields.TaskAttributes]).toEqual([odd, odd]);
        const found = await store.queryEvents(WS1, { fields: [{ names: ["TaskAttributes"], value: odd }] });
        expect(found.map((e) => e.sid)).toEqual([event.sid]);
        expect((await store.listOutbox(WS1, 1))[0]?.params).toEqual({ [odd]: odd });
        const key = {
          sid: sid("SK", 1),
          accountSid: AC,
          friendlyName: odd,
          secret: "s",
          dateCreated: 1,
          dateUpdated: 1,
        };
        await store.createApiKey(key);
        expect((await store.getApiKey(key.sid))?.friendlyName).toBe(odd);
      }));

    it("keeps lone UTF-16 surrogates as given (a JSON \\ud800 escape), and they fail no other write", () =>
      withStore(async ({ store }) => {
        // Lone high and low surrogates, a valid pair, and the escape's own text (not a surrogate).
        const odd = "x\uD800y\uDFFFz\uD83D\uDE00\uE000u0d800\\ud800";
        const ws = { ...workspaceEntity(WS1, AC), friendlyName: odd };
        const task = { ...taskEntity(sid("WT", 1), WS1), attributes: `{"k":"${odd}"}` };
        const event = {
          ...domainEvent(sid("WT", 1)),
          description: odd,
          fields: { TaskAttributes: odd },
          sid: sid("EV", 1),
        };
        // One group, two workspaces: the other workspace's batch commits as well.
        await store.commitGroup([
          {
            workspaceSid: WS1,
            upserts: [
              { kind: "workspace", sid: WS1, entity: ws },
              { kind: "task", sid: task.sid, entity: task },
            ],
            deletes: [],
            events: [event],
            outbox: [{ eventSid: event.sid, url: "http://x/", params: { [odd]: odd } }],
          },
          seedBatch(WS2, 2),
        ]);
        const snapshot = await store.loadWorkspace(WS1);
        expect(snapshot?.workspace.friendlyName).toBe(odd);
        expect(snapshot?.tasks[0]?.attributes).toBe(task.attributes);
        expect((await store.loadWorkspace(WS2))?.tasks).toHaveLength(1);
        const [stored] = await store.listEvents(WS1, { limit: 1 });
        expect([stored?.description, stored?.fields.TaskAttributes]).toEqual([odd, odd]);
        const found = await store.queryEvents(WS1, { fields: [{ names: ["TaskAttributes"], value: odd }] });
        expect(found.map((e) => e.sid)).toEqual([event.sid]);
        expect((await store.listOutbox(WS1, 1))[0]?.params).toEqual({ [odd]: odd });
        const key = {
          sid: sid("SK", 1),
          accountSid: AC,
          friendlyName: odd,
          secret: "s",
          dateCreated: 1,
          dateUpdated: 1,
        };
        await store.createApiKey(key);
        expect((await store.getApiKey(key.sid))?.friendlyName).toBe(odd);
      }));

    it("refuses calls after close", () =>
      withStore(async ({ store }) => {
        await store.close();
        await expect(store.loadAll()).rejects.toThrow(/closed/);
      }));

    it("keeps committed data across a reopen (durable adapters)", async () => {
      const harness = await open();
      try {
        if (harness.reopen === undefined) {
          // Not durable by design (memory adapter): nothing to reopen.
          expect(adapter).toBe("memory");
          return;
        }
        await harness.store.commit(seedBatch(WS1));
        await harness.store.saveAccount({ accountSid: AC, authToken: "t".repeat(32) });
        const reopened = await harness.reopen();
        expect((await reopened.loadWorkspace(WS1))?.tasks).toHaveLength(1);
        expect((await reopened.getAccount())?.accountSid).toBe(AC);
        expect(await reopened.listEvents(WS1, { limit: 5 })).toHaveLength(1);
      } finally {
        await harness.cleanup();
      }
    });
  });
}

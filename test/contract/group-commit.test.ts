/**
 * The runtime's group commit (src/runtime/group-commit.ts) with the fake engine: the writes of one
 * event-loop turn share one transaction, callers hear back only after it, a failed group fails every
 * write in it (and loses nothing already acknowledged), and each workspace keeps its order.
 */
import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { sequentialSids } from "../../src/domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG } from "../../src/engine/view.ts";
import { AccountRuntime } from "../../src/runtime/account-runtime.ts";
import type { CommittedBatch } from "../../src/runtime/ports.ts";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import type { CommitBatch, StoredEvent } from "../../src/store/port.ts";
import { fakeEngineFactory } from "../support/fake-engine.ts";

const AC = `AC${"1".repeat(32)}`;

/** Records every group; can fail the next groups or hold them until released. */
class GroupStore extends MemoryStore {
  groups: string[][] = [];
  failGroups = 0;
  /** Refuses every group holding a batch of this workspace, as a database refusing one document. */
  poisoned: string | null = null;
  gate: Promise<void> | null = null;
  override async commitGroup(batches: readonly CommitBatch[]): Promise<StoredEvent[][]> {
    this.groups.push(batches.map((b) => b.workspaceSid));
    const copies = structuredClone(batches); // read now, as the port requires
    if (this.gate) await this.gate;
    if (this.failGroups > 0) {
      this.failGroups -= 1;
      throw new Error("disk full");
    }
    if (batches.some((b) => b.workspaceSid === this.poisoned)) throw new Error("invalid document");
    return super.commitGroup(copies);
  }
}

async function setup() {
  const store = new GroupStore();
  const delivered: CommittedBatch[] = [];
  const runtime = await AccountRuntime.start({
    accountSid: AC,
    store,
    engines: fakeEngineFactory(),
    engineConfig: DEFAULT_ENGINE_CONFIG,
    clock: new SimulatedClock(),
    sids: sequentialSids(),
    sink: { deliver: (batch) => delivered.push(batch) },
  });
  const a = await runtime.createWorkspace({ friendlyName: "a" });
  const b = await runtime.createWorkspace({ friendlyName: "b" });
  store.groups = [];
  delivered.length = 0;
  return { runtime, store, delivered, a, b };
}

const rename = (friendlyName: string) => ({ type: "workspace.update" as const, friendlyName });

describe("group commit", () => {
  it("commits the writes of one turn, across workspaces, in one transaction", async () => {
    const { store, a, b } = await setup();
    const heard: string[] = [];
    await Promise.all([
      a.execute(rename("a1")).then(async () => {
        // By the time a caller hears back, the whole group is in the store.
        heard.push((await store.loadWorkspace(b.sid))?.workspace.friendlyName ?? "?");
      }),
      b.execute(rename("b1")),
      a.execute(rename("a2")),
      b.execute({ type: "activity.create", friendlyName: "Busy" }),
    ]);
    expect(store.groups).toEqual([[a.sid, b.sid]]);
    expect(heard).toEqual(["b1"]);
    expect((await store.loadWorkspace(a.sid))?.workspace.friendlyName).toBe("a2");
    const ws = await store.loadWorkspace(b.sid);
    expect(ws?.activities.map((x) => x.friendlyName).sort()).toEqual(["Busy", "Offline"]);
  });

  it("keeps each workspace's order: events numbered and delivered as the writer applied them", async () => {
    const { store, delivered, a, b } = await setup();
    const names = ["one", "two", "three", "four", "five"];
    await Promise.all(names.flatMap((n) => [a.execute(rename(`a-${n}`)), b.execute(rename(`b-${n}`))]));
    const forA = delivered.filter((d) => d.workspaceSid === a.sid);
    expect(forA.map((d) => d.events.map((e) => e.sequence))).toEqual([[2], [3], [4], [5], [6]]);
    const events = await store.listEvents(a.sid, { limit: 10 });
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.view.workspace.friendlyName).toBe("a-five");
    expect((await store.loadWorkspace(b.sid))?.workspace.friendlyName).toBe("b-five");
  });

  it("fails every write of a failed group, resyncs the engines and loses nothing acknowledged", async () => {
    const { store, a, b } = await setup();
    await a.execute(rename("acknowledged"));
    store.failGroups = 3; // the group, then each workspace's retry alone: the store is down

    const results = await Promise.allSettled([
      a.execute(rename("lost-a")),
      b.execute(rename("lost-b")),
      a.execute({ type: "activity.create", friendlyName: "Lost" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 500, code: 20500 });
    }
    await a.idle();
    await b.idle();
    expect(a.view.workspace.friendlyName).toBe("acknowledged");
    expect(b.view.workspace.friendlyName).toBe("b");
    expect([...a.view.activities()].map((x) => x.friendlyName)).toEqual(["Offline"]);
    expect((await store.loadWorkspace(a.sid))?.workspace.friendlyName).toBe("acknowledged");
    // The writers go on afterwards.
    await Promise.all([a.execute(rename("after")), b.execute(rename("after-b"))]);
    expect((await store.loadWorkspace(a.sid))?.workspace.friendlyName).toBe("after");
    expect((await store.listEvents(a.sid, { limit: 10 })).map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it("fails the writes applied on top of a failing group, and only that workspace's", async () => {
    const { store, a, b } = await setup();
    let open = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    store.failGroups = 1;
    const first = a.execute(rename("in flight")).catch((e: unknown) => e);
    // Let the first group start; these are applied while it is in flight and form the next group.
    while (store.groups.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const onTop = a.execute(rename("on top")).catch((e: unknown) => e);
    const other = b.execute(rename("other workspace"));
    expect(store.groups).toEqual([[a.sid]]);
    store.gate = null;
    open();
    expect(await first).toMatchObject({ status: 500 });
    expect(await onTop).toMatchObject({ status: 500 });
    await other;
    await a.idle();
    expect(store.groups).toEqual([[a.sid], [b.sid]]);
    expect(a.view.workspace.friendlyName).toBe("a");
    expect((await store.loadWorkspace(b.sid))?.workspace.friendlyName).toBe("other workspace");
    await a.execute(rename("next"));
    expect((await store.loadWorkspace(a.sid))?.workspace.friendlyName).toBe("next");
  });

  it("fails only the writes of the workspace whose batch the store refuses, not its neighbours'", async () => {
    const { store, a, b } = await setup();
    let open = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    store.poisoned = a.sid;
    const first = Promise.allSettled([a.execute(rename("refused")), b.execute(rename("b in the group"))]);
    while (store.groups.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // Applied while the failing group is in flight: retried with it, on top of its own workspace.
    const later = Promise.allSettled([b.execute(rename("b on top")), a.execute(rename("a on top"))]);
    store.gate = null;
    open();
    const [aFirst, bFirst] = await first;
    const [bLater, aLater] = await later;
    expect([aFirst?.status, aLater?.status]).toEqual(["rejected", "rejected"]);
    expect([bFirst?.status, bLater?.status]).toEqual(["fulfilled", "fulfilled"]);
    expect(store.groups).toEqual([[a.sid, b.sid], [a.sid], [b.sid]]);
    expect((await store.loadWorkspace(b.sid))?.workspace.friendlyName).toBe("b on top");
    expect((await store.listEvents(b.sid, { limit: 10 })).length).toBe(3);
    await a.idle();
    expect(a.view.workspace.friendlyName).toBe("a");
    store.poisoned = null;
    await a.execute(rename("a again"));
    expect((await store.loadWorkspace(a.sid))?.workspace.friendlyName).toBe("a again");
  });
});

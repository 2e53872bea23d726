/**
 * The runtime against the engine contract (src/engine/view.ts) and the store port, with a fake
 * engine: single writer, commit-then-reply, resync on failure, one timer, restart.
 */
import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { EngineFault, TaskRouterError } from "../../src/domain/errors.ts";
import { sequentialSids } from "../../src/domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG } from "../../src/engine/view.ts";
import { AccountRuntime } from "../../src/runtime/account-runtime.ts";
import type { CommittedBatch } from "../../src/runtime/ports.ts";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import type { CommitBatch, StoredEvent } from "../../src/store/port.ts";
import { fakeEngineFactory } from "../support/fake-engine.ts";

const AC = `AC${"1".repeat(32)}`;

/** A memory store whose commits can be made to fail or to wait. */
class ControlledStore extends MemoryStore {
  failCommits = false;
  gate: Promise<void> | null = null;
  override async commit(batch: CommitBatch): Promise<StoredEvent[]> {
    if (this.gate) await this.gate;
    if (this.failCommits) throw new Error("disk full");
    return super.commit(batch);
  }
}

async function setup(store = new ControlledStore()) {
  const clock = new SimulatedClock();
  const engines = fakeEngineFactory();
  const delivered: CommittedBatch[] = [];
  const runtime = await AccountRuntime.start({
    accountSid: AC,
    store,
    engines,
    engineConfig: DEFAULT_ENGINE_CONFIG,
    clock,
    sids: sequentialSids(),
    sink: { deliver: (batch) => delivered.push(batch) },
  });
  return { runtime, store, clock, engines, delivered };
}

describe("AccountRuntime", () => {
  it("creates a workspace durably and restores it on restart", async () => {
    const { runtime, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "support" });
    await host.execute({ type: "activity.create", friendlyName: "Available", available: true });
    await runtime.close();
    const restarted = await setup(store);
    const again = restarted.runtime.workspace(host.sid);
    expect(again?.view.workspace.friendlyName).toBe("support");
    expect([...(again?.view.activities() ?? [])].map((a) => a.friendlyName).sort()).toEqual([
      "Available",
      "Offline",
    ]);
    expect((await store.listEvents(host.sid, { limit: 10 })).map((e) => e.eventType)).toEqual([
      "workspace.created",
      "activity.created",
    ]);
  });

  it("applies commands one at a time, in order, and replies after the commit", async () => {
    const { runtime, store, delivered } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "a" });
    const seen: string[] = [];
    const names = ["one", "two", "three", "four"];
    await Promise.all(
      names.map((friendlyName) =>
        host.execute({ type: "workspace.update", friendlyName }).then(async (w) => {
          // By the time a caller hears back, its change is in the store.
          seen.push((await store.loadWorkspace(host.sid))?.workspace.friendlyName ?? "?");
          return w;
        }),
      ),
    );
    expect(delivered.slice(1).map((b) => b.events[0]?.sequence)).toEqual([2, 3, 4, 5]);
    expect(seen[0]).not.toBe("a");
    expect(host.view.workspace.friendlyName).toBe("four");
    expect((await store.loadWorkspace(host.sid))?.workspace.friendlyName).toBe("four");
  });

  it("serves reads while a write waits for the store", async () => {
    const { runtime, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "before" });
    let open = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    let done = false;
    const write = host.execute({ type: "workspace.update", eventCallbackUrl: "http://x/ev" }).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(host.view.workspace.friendlyName).toBe("before");
    expect(done).toBe(false);
    store.gate = null;
    open();
    await write;
    expect(done).toBe(true);
  });

  it("passes refused commands through unchanged and keeps going", async () => {
    const { runtime } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "a" });
    await expect(host.execute({ type: "workspace.update", friendlyName: "" })).rejects.toMatchObject({
      code: 20001,
      status: 400,
    });
    await host.execute({ type: "workspace.update", friendlyName: "b" });
    expect(host.view.workspace.friendlyName).toBe("b");
  });

  it("restores the engine from the store when a commit fails, and answers 500", async () => {
    const { runtime, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "kept" });
    store.failCommits = true;
    const error = await host
      .execute({ type: "workspace.update", friendlyName: "lost" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskRouterError);
    expect(error).toMatchObject({ status: 500, code: 20500 });
    expect(host.view.workspace.friendlyName).toBe("kept");
    store.failCommits = false;
    await host.execute({ type: "workspace.update", friendlyName: "next" });
    expect((await store.loadWorkspace(host.sid))?.workspace.friendlyName).toBe("next");
  });

  it("restores the engine when it fails with an unexpected error", async () => {
    const { runtime, engines } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "kept" });
    const engine = engines.engines.get(host.sid);
    if (engine) engine.failNext = new Error("bug");
    await expect(host.execute({ type: "workspace.update", friendlyName: "x" })).rejects.toMatchObject({
      status: 500,
    });
    expect(host.view.workspace.friendlyName).toBe("kept");
  });

  it("serves again after a failed reload once the store answers, without a restart", async () => {
    const { runtime, engines, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "kept" });
    const load = store.loadWorkspace.bind(store);
    let failLoads = 1;
    store.loadWorkspace = async (sid: string) => {
      if (failLoads-- > 0) throw new Error("connection terminated");
      return load(sid);
    };
    const engine = engines.engines.get(host.sid);
    if (engine) engine.failNext = new Error("bug");
    // The engine fails, and so does the reload it triggers: the workspace refuses writes for now.
    await expect(host.execute({ type: "workspace.update", friendlyName: "x" })).rejects.toMatchObject({
      status: 500,
    });
    // The next write reloads first (the store answers again) and goes through.
    await host.execute({ type: "workspace.update", friendlyName: "after" });
    expect(host.view.workspace.friendlyName).toBe("after");
  });

  it("does not rebuild a workspace from the store when the engine failed before changing anything", async () => {
    const { runtime, engines, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "kept" });
    let loads = 0;
    const load = store.loadWorkspace.bind(store);
    store.loadWorkspace = async (sid: string) => {
      loads += 1;
      return load(sid);
    };
    const engine = engines.engines.get(host.sid);
    if (engine) engine.failNext = new EngineFault(new TypeError("x.length of undefined"), false);
    await expect(host.execute({ type: "workspace.update", friendlyName: "x" })).rejects.toMatchObject({
      status: 500,
    });
    expect(loads).toBe(0);
    // The failing engine corrupted nothing it reported, so memory is what it was.
    await host.execute({ type: "workspace.update", friendlyName: "after" });
    expect(host.view.workspace.friendlyName).toBe("after");
  });

  it("fires due timers through the writer when the simulated clock advances, only where due", async () => {
    const { runtime, clock, engines, store } = await setup();
    const a = await runtime.createWorkspace({ friendlyName: "a" });
    const b = await runtime.createWorkspace({ friendlyName: "b" });
    engines.engines.get(a.sid)?.wakes.push(clock.now() + 30_000);
    engines.engines.get(b.sid)?.wakes.push(clock.now() + 90_000);
    clock.advance(29_999);
    await runtime.idle();
    expect(engines.engines.get(a.sid)?.wakes).toHaveLength(1);
    clock.advance(1);
    await runtime.idle();
    expect(engines.engines.get(a.sid)?.wakes).toHaveLength(0);
    expect(engines.engines.get(b.sid)?.wakes).toHaveLength(1);
    const events = await store.listEvents(a.sid, { limit: 10 });
    expect(events.at(-1)?.timestamp).toBe(clock.now());
    clock.advance(60_000);
    await runtime.idle();
    expect(engines.engines.get(b.sid)?.wakes).toHaveLength(0);
  });

  it("runs a tick that fell due while a write was in flight, right after that write", async () => {
    const { runtime, clock, engines, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "busy" });
    engines.engines.get(host.sid)?.wakes.push(clock.now() + 1000);
    let open = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    const write = host.execute({ type: "workspace.update", friendlyName: "slow" });
    clock.advance(1000);
    store.gate = null;
    open();
    await write;
    await runtime.idle();
    expect(engines.engines.get(host.sid)?.wakes).toEqual([]);
  });

  it("fires timers with a real clock through one setTimeout", async () => {
    const engines = fakeEngineFactory();
    const runtime = await AccountRuntime.start({
      accountSid: AC,
      store: new MemoryStore(),
      engines,
      engineConfig: DEFAULT_ENGINE_CONFIG,
      clock: { now: () => Date.now() },
      sids: sequentialSids(),
    });
    const host = await runtime.createWorkspace({ friendlyName: "real" });
    const engine = engines.engines.get(host.sid);
    engine?.wakes.push(Date.now() + 5);
    await host.execute({ type: "workspace.update", friendlyName: "rearm" });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (engine?.wakes.length === 0) {
          clearInterval(poll);
          resolve();
        }
      }, 2);
    });
    expect(engine?.wakes).toEqual([]);
    await runtime.close();
  });

  it("hands committed events to the sink with their EV SIDs and sequence numbers", async () => {
    const { runtime, delivered } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "a" });
    await host.execute({ type: "activity.create", friendlyName: "Busy" });
    expect(delivered.map((b) => b.events.map((e) => [e.eventType, e.sequence]))).toEqual([
      [["workspace.created", 1]],
      [["activity.created", 2]],
    ]);
    expect(delivered[0]?.events[0]?.sid).toMatch(/^EV[0-9a-f]{32}$/);
    expect(delivered[0]?.workspaceSid).toBe(host.sid);
  });

  it("deletes a workspace after its queued writes and forgets it", async () => {
    const { runtime, store } = await setup();
    const host = await runtime.createWorkspace({ friendlyName: "gone" });
    const pending = host.execute({ type: "workspace.update", friendlyName: "last" });
    await runtime.deleteWorkspace(host.sid);
    await pending;
    expect(runtime.workspace(host.sid)).toBeUndefined();
    expect(await store.loadWorkspace(host.sid)).toBeNull();
    await expect(host.execute({ type: "workspace.update", friendlyName: "x" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("hides other accounts' workspaces and lists its own oldest first", async () => {
    const { runtime, clock } = await setup();
    const first = await runtime.createWorkspace({ friendlyName: "1" });
    clock.advance(1000);
    const second = await runtime.createWorkspace({ friendlyName: "2" });
    expect(runtime.workspaces().map((h) => h.sid)).toEqual([first.sid, second.sid]);
    expect(runtime.workspace(first.sid, `AC${"2".repeat(32)}`)).toBeUndefined();
    expect(runtime.workspaces(`AC${"2".repeat(32)}`)).toEqual([]);
  });

  it("refuses new workspaces after close", async () => {
    const { runtime } = await setup();
    await runtime.close();
    await expect(runtime.createWorkspace({ friendlyName: "late" })).rejects.toMatchObject({ status: 503 });
  });
});

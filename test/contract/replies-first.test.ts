/**
 * Issue 11 item 3: the replies of a group commit go out before the work the group causes for others
 * (pushes to worker sockets and event streams, callback requests), so no caller waits for another
 * task's callback set-up. The sink still hears of each commit before its caller does.
 */
import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/domain/clock.ts";
import { sequentialSids } from "../../src/domain/sid.ts";
import { DEFAULT_ENGINE_CONFIG } from "../../src/engine/view.ts";
import { AccountRuntime } from "../../src/runtime/account-runtime.ts";
import { AfterReplies } from "../../src/runtime/after-replies.ts";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import { fakeEngineFactory } from "../support/fake-engine.ts";

const AC = `AC${"1".repeat(32)}`;

describe("replies before pushes", () => {
  it("answers every caller of a group before the group's events reach the feed", async () => {
    const order: string[] = [];
    const runtime = await AccountRuntime.start({
      accountSid: AC,
      store: new MemoryStore(),
      engines: fakeEngineFactory(),
      engineConfig: DEFAULT_ENGINE_CONFIG,
      clock: new SimulatedClock(),
      sids: sequentialSids(),
      sink: { deliver: (batch) => order.push(`sink ${batch.events.length}`) },
    });
    const host = await runtime.createWorkspace({ friendlyName: "a" });
    await runtime.idle();
    order.length = 0;
    runtime.feed.subscribe(host.sid, (events) => order.push(`push ${events.length}`));
    const names = ["one", "two", "three"];
    // Applied in one turn: one group, three replies.
    await Promise.all(
      names.map((friendlyName) =>
        host
          .execute({ type: "workspace.update", friendlyName })
          .then(() => order.push(`reply ${friendlyName}`)),
      ),
    );
    await runtime.idle();
    expect(order).toEqual([
      "sink 1",
      "sink 1",
      "sink 1",
      "reply one",
      "reply two",
      "reply three",
      "push 1",
      "push 1",
      "push 1",
    ]);
    await runtime.close();
  });
});

describe("AfterReplies", () => {
  it("runs jobs after the current microtasks, in order, and one that throws stops none of the others", async () => {
    const queue = new AfterReplies();
    const order: string[] = [];
    queue.run(() => order.push("first job"));
    queue.run(() => {
      throw new Error("a bad job");
    });
    queue.run(() => order.push("third job"));
    void Promise.resolve().then(() => order.push("microtask"));
    expect(order).toEqual([]);
    await queue.settled();
    expect(order).toEqual(["microtask", "first job", "third job"]);
    await queue.settled(); // nothing queued: resolves at once
  });
});

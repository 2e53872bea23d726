/** TasklaneChannelRules: no new reservation on a `block` channel while the worker holds one on `while`. */
import { describe, expect, it } from "vitest";
import { Harness } from "../harness.ts";

const NO_VOICE_WHILE_CHAT = JSON.stringify([{ while: "chat", block: ["voice"] }]);

function setup(rules = NO_VOICE_WHILE_CHAT) {
  const h = new Harness();
  const q = h.queue("Everything");
  const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
  const worker = h.worker("alice");
  h.exec({ type: "workerChannel.update", workerSid: worker, sid: "chat", capacity: 3 });
  h.exec({ type: "workspace.update", channelRules: rules });
  return { h, q, wf, worker };
}

describe("cross-channel rules", () => {
  it("without rules a worker takes voice while holding chats (TaskRouter's behaviour)", () => {
    const { h, wf, worker } = setup("");
    h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const voice = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect(h.reservedWorker(voice)).toBe(worker);
  });

  it("blocks voice while a chat is pending, accepted or wrapping; offers it when the chat ends", () => {
    const { h, wf, worker } = setup();
    expect(h.view.workspace.channelRules).toEqual([{ while: "chat", block: ["voice"] }]);
    const chat = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const voice = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect(h.pending(voice)).toHaveLength(0);
    const voiceChannel = h.view.workerChannel(worker, "voice")!;
    expect(h.view.workerChannelState(voiceChannel).available).toBe(false);
    // More chats are fine (capacity 3): the rule is one-way.
    const chat2 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    expect(h.reservedWorker(chat2)).toBe(worker);
    h.accept(h.pending(chat)[0]!);
    h.exec({ type: "task.update", sid: chat, assignmentStatus: "wrapping" });
    h.exec({ type: "task.update", sid: chat2, assignmentStatus: "canceled", reason: "gone" });
    expect(h.pending(voice)).toHaveLength(0);
    h.exec({ type: "task.update", sid: chat, assignmentStatus: "completed", reason: "done" });
    expect(h.reservedWorker(voice)).toBe(worker);
    expect(h.view.workerChannelState(voiceChannel).available).toBe(false); // now at capacity
  });

  it("one-way: a chat is still offered during a voice call unless a second rule says otherwise", () => {
    const { h, wf, worker } = setup();
    const voice = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect(h.reservedWorker(voice)).toBe(worker);
    const chat = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    expect(h.reservedWorker(chat)).toBe(worker);
    h.exec({ type: "task.update", sid: chat, assignmentStatus: "canceled", reason: "x" });
    h.exec({
      type: "workspace.update",
      channelRules: JSON.stringify([
        { while: "chat", block: ["voice"] },
        { while: "voice", block: ["chat", "sms"] },
      ]),
    });
    const chat2 = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    expect(h.pending(chat2)).toHaveLength(0);
  });

  it("changing the rules re-files workers at once: a cleared rule offers the waiting voice task", () => {
    const { h, wf, worker } = setup();
    h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const voice = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect(h.pending(voice)).toHaveLength(0);
    h.exec({ type: "workspace.update", channelRules: null });
    expect(h.reservedWorker(voice)).toBe(worker);
  });

  it("the explanation names the rule", () => {
    const { h, wf } = setup();
    h.task({}, { workflowSid: wf, taskChannel: "chat" });
    const voice = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    const e = h.engine.explainTask(voice, h.clock.now());
    expect(e.queue?.ineligible.map((g) => g.reason)).toEqual(["channel_rule"]);
    expect(e.queue?.ineligible[0]?.examples[0]).toMatchObject({
      friendlyName: "alice",
      blockedWhile: "chat",
    });
    expect(e.summary).toContain("blocked from voice by a channel rule");
  });

  it("a task routed to the worker with IgnoreCapacity ignores the rules, as it ignores capacity", () => {
    const { h, worker } = setup();
    h.task({}, { taskChannel: "chat", routingTarget: worker });
    const voice = h.task({}, { taskChannel: "voice", routingTarget: worker });
    expect(h.reservedWorker(voice)).toBe(worker);
    const strict = h.task({}, { taskChannel: "voice", routingTarget: worker, ignoreCapacity: false });
    expect(h.pending(strict)).toHaveLength(0);
  });

  it("refuses malformed rules with the place named, changing nothing", () => {
    const { h } = setup("");
    const cases: [string, RegExp][] = [
      ["{", /not valid JSON/],
      ['{"while":"chat"}', /JSON array/],
      ['[{"while":"chat"}]', /rule 1 "block" must be a non-empty array/],
      ['[{"while":"chta","block":["voice"]}]', /rule 1 "while" names no TaskChannel.*chta/],
      ['[{"while":"chat","block":["voice","vioce"]}]', /rule 1 "block"\[1\] names no TaskChannel/],
      ['[{"while":"chat","block":["chat"]}]', /blocks its own/],
      ['[{"while":"chat","block":["voice"],"max":2}]', /unknown key\(s\) max/],
      ['[{"while":"chat","block":["voice"]},{"while":"chat","block":["sms"]}]', /rule 2: a second rule/],
    ];
    for (const [raw, message] of cases) {
      expect(() => h.exec({ type: "workspace.update", channelRules: raw }), raw).toThrow(message);
      expect(() => h.exec({ type: "workspace.update", channelRules: raw }), raw).toThrow(
        /TasklaneChannelRules/,
      );
    }
    expect(h.view.workspace.channelRules ?? null).toBeNull();
  });

  it("a TaskChannel named by a rule cannot be deleted (409)", () => {
    const { h } = setup();
    expect(() => h.exec({ type: "taskChannel.delete", sid: "voice" })).toThrow(/TasklaneChannelRules/);
    h.exec({ type: "taskChannel.delete", sid: "video" });
    expect(h.view.taskChannel("video")).toBeUndefined();
  });

  it("changes nothing in a single-tasking workspace", () => {
    const h = new Harness({ multiTaskEnabled: false });
    h.exec({ type: "workspace.update", channelRules: NO_VOICE_WHILE_CHAT });
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    const worker = h.worker("solo");
    const chat = h.task({}, { workflowSid: wf, taskChannel: "chat" });
    expect(h.reservedWorker(chat)).toBe(worker);
    h.exec({ type: "task.update", sid: chat, assignmentStatus: "canceled", reason: "x" });
    const voice = h.task({}, { workflowSid: wf, taskChannel: "voice" });
    expect(h.reservedWorker(voice)).toBe(worker);
  });
});

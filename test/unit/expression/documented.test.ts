// The seed's expression forms and TaskRouter's documented examples (semantics.md §1-§2).
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/domain/entities.ts";
import { compileExpression, type ExpressionContext } from "../../../src/expression/index.ts";

const alice: JsonObject = { skills: ["english", "billing"], department: "support", level: 2 };
const bob: JsonObject = { skills: ["spanish"], department: "sales", level: 1 };
// Saturday 2024-01-06 09:05 UTC
const saturdayMorning = { now: Date.UTC(2024, 0, 6, 9, 5) };

type Row = [
  source: string,
  context: ExpressionContext,
  root: JsonObject,
  expected: boolean,
  env?: { now: number },
];

const rows: Row[] = [
  // seed (taskrouter-skill.md)
  ['"skills" HAS "english"', "plain", alice, true],
  ['"skills" HAS "english"', "plain", bob, false],
  ['department == "support"', "plain", alice, true],
  ['department == "support"', "plain", bob, false],
  ["level >= 2", "plain", alice, true],
  ['"skills" HAS "english" AND level >= 2', "plain", alice, true],
  ['"skills" HAS "english" AND level >= 2', "plain", bob, false],
  ['"skills" HAS "english" AND "skills" HAS "support"', "plain", alice, false],
  [
    '"skills" IN task.required_skills',
    "target",
    { task: { required_skills: ["billing"] }, worker: alice },
    true,
  ],
  [
    '"skills" IN task.required_skills',
    "target",
    { task: { required_skills: ["billing"] }, worker: bob },
    false,
  ],
  // quoted key on the left (TaskRouter): the attribute when present, else the string
  ['"language" == "spanish"', "plain", { language: "spanish" }, true],
  ['"language" == "spanish"', "plain", { language: "english" }, false],
  ['"language" == "language"', "plain", {}, true],
  ['"language" == "language"', "plain", { language: "french" }, false],
  ["'language' == 'spanish'", "plain", { language: "spanish" }, false], // single quotes: always a string
  ['type == "language"', "plain", { type: "language", language: "x" }, true], // right side: always a string
  // documented examples
  ["1==1", "plain", {}, true],
  ["1==1", "target", { task: {}, worker: {} }, true],
  ["1==1", "skipIf", { workers: { available: 3 } }, true],
  ["workers.available == 0", "skipIf", { workers: { available: 0, unavailable: 2 } }, true],
  ["workers.available == 0", "skipIf", { workers: { available: 1, unavailable: 2 } }, false],
  ["workers.WAxx < 2 OR workers.WAyy < 2", "skipIf", { workers: { WAxx: 3, WAyy: 1 } }, true],
  ["workers.WAxx < 2 OR workers.WAyy < 2", "skipIf", { workers: { WAxx: 3, WAyy: 5 } }, false],
  [
    "worker.activity_name in ['Available']",
    "target",
    { task: {}, worker: { activity_name: "Available" } },
    true,
  ],
  [
    "worker.activity_name in ['Available']",
    "target",
    { task: {}, worker: { activity_name: "Offline" } },
    false,
  ],
  ["task.worker_sid = worker.sid", "target", { task: { worker_sid: "WK1" }, worker: { sid: "WK1" } }, true],
  ["task.worker_sid = worker.sid", "target", { task: { worker_sid: "WK1" }, worker: { sid: "WK2" } }, false],
  [
    "task.requested_agent == worker.agent_id",
    "target",
    { task: { requested_agent: 7 }, worker: { agent_id: 7 } },
    true,
  ],
  [
    "worker.sid not in task.rejected",
    "target",
    { task: { rejected: ["WK1"] }, worker: { sid: "WK2" } },
    true,
  ],
  [
    "worker.sid not in task.rejected",
    "target",
    { task: { rejected: ["WK1"] }, worker: { sid: "WK1" } },
    false,
  ],
  ["worker.sid not in task.rejected", "target", { task: {}, worker: { sid: "WK1" } }, true],
  ["preferred_agents != null", "plain", { preferred_agents: ["WK1"] }, true],
  ["preferred_agents != null", "plain", {}, false],
  [
    "type == 'ticket' AND customer_value == 'Gold'",
    "plain",
    { type: "ticket", customer_value: "Gold" },
    true,
  ],
  [
    "worker.channel.voice.configured_capacity > 0",
    "target",
    { task: {}, worker: { channel: { voice: { configured_capacity: 1 } } } },
    true,
  ],
  // time of day (UTC)
  ["taskrouter.dayOfWeek = 'Sat'", "plain", {}, true, saturdayMorning],
  ["taskrouter.currentTime > 0800", "plain", {}, true, saturdayMorning],
  [
    "taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1700",
    "target",
    { task: {}, worker: {} },
    true,
    saturdayMorning,
  ],
  ["taskrouter.currentHour > 8", "plain", {}, true, saturdayMorning],
  ["taskrouter.currentHour == '09'", "plain", {}, true, saturdayMorning],
  ["taskrouter.currentMin == 5", "skipIf", {}, true, saturdayMorning],
  ["taskrouter.dayOfWeek IN ['Sat', 'Sun']", "plain", {}, true, saturdayMorning],
];

describe("documented forms", () => {
  it.each(rows)("%s [%s] on %j → %s", (source, context, root, expected, env) => {
    expect(compileExpression(source, { context }).matches(root, env)).toBe(expected);
  });
});

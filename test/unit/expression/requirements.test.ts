// Requirements (index hints), alwaysTrue and paths.
import { describe, expect, it } from "vitest";
import {
  compileExpression,
  type ExpressionContext,
  indexKey,
  type Requirement,
  valuesEqual,
} from "../../../src/expression/index.ts";

const rows: [string, ExpressionContext, Requirement[]][] = [
  [
    'skills HAS "support" AND languages HAS "english" AND level >= 2',
    "plain",
    [
      { path: ["skills"], op: "HAS", value: "support" },
      { path: ["languages"], op: "HAS", value: "english" },
    ],
  ],
  ['department == "support"', "plain", [{ path: ["department"], op: "==", value: "support" }]],
  ["department = 'support'", "plain", [{ path: ["department"], op: "==", value: "support" }]],
  ["'support' == department", "plain", [{ path: ["department"], op: "==", value: "support" }]],
  ["2 == level", "plain", [{ path: ["level"], op: "==", value: 2 }]],
  ["vip == true", "plain", [{ path: ["vip"], op: "==", value: true }]],
  ["skills >- 'x'", "plain", [{ path: ["skills"], op: "HAS", value: "x" }]],
  ["'x' IN skills", "plain", [{ path: ["skills"], op: "HAS", value: "x" }]],
  ["3 <- levels", "plain", [{ path: ["levels"], op: "HAS", value: 3 }]],
  [
    "skills HAS ['a', 'b']",
    "plain",
    [
      { path: ["skills"], op: "HAS", value: "a" },
      { path: ["skills"], op: "HAS", value: "b" },
    ],
  ],
  ['"skills" HAS "english"', "plain", [{ path: ["skills"], op: "HAS", value: "english" }]],
  ['"dept" == "support"', "plain", [{ path: ["dept"], op: "==", value: "support" }]],
  ["a.b.c == 1", "plain", [{ path: ["a", "b", "c"], op: "==", value: 1 }]],
  [
    "(a == 1 AND (b == 2)) AND c == 3",
    "plain",
    [
      { path: ["a"], op: "==", value: 1 },
      { path: ["b"], op: "==", value: 2 },
      { path: ["c"], op: "==", value: 3 },
    ],
  ],
  [
    "worker.skills HAS 'x' AND task.type == 'call'",
    "target",
    [
      { path: ["worker", "skills"], op: "HAS", value: "x" },
      { path: ["task", "type"], op: "==", value: "call" },
    ],
  ],
  ['"skills" HAS "x"', "target", [{ path: ["worker", "skills"], op: "HAS", value: "x" }]],
  ["workers.available == 0", "skipIf", [{ path: ["workers", "available"], op: "==", value: 0 }]],
  // not requirements
  ["a == 1 OR b == 2", "plain", []],
  ["a != 1", "plain", []],
  ["a > 1", "plain", []],
  ["a == null", "plain", []],
  ["a == b", "plain", []],
  ["a == ['x']", "plain", []],
  ["a IN ['x', 'y']", "plain", []],
  ["s CONTAINS 'x'", "plain", []],
  ["x NOT IN skills", "plain", []],
  ['"x" IN skills', "plain", []], // "x" may name an attribute of the document
  ['"dept" == "dept"', "plain", []], // true when dept is missing
  ["a[0] == 1", "plain", []],
  ["taskrouter.dayOfWeek == 'Sat'", "plain", []],
  ["1 == 1", "plain", []],
  ["task.worker_sid == worker.sid", "target", []],
];

describe("requirements", () => {
  it.each(rows)("%s [%s]", (source, context, expected) => {
    expect(compileExpression(source, { context }).requirements).toEqual(expected);
  });

  it("every reported requirement holds for every matching document (sampled)", () => {
    const e = compileExpression("skills HAS 'a' AND (level == 2 OR level == 3) AND dept == 'x'");
    const docs = [
      { skills: ["a"], level: 2, dept: "x" },
      { skills: ["a", "b"], level: 3, dept: "x" },
      { skills: ["b"], level: 2, dept: "x" },
      { skills: ["a"], level: 2, dept: "y" },
    ];
    const matching = docs.filter((d) => e.matches(d));
    expect(matching).toHaveLength(2);
    for (const d of matching) {
      expect(d.skills).toContain("a");
      expect(d.dept).toBe("x");
    }
  });
});

describe("alwaysTrue", () => {
  it.each([
    ["1==1", true],
    ["1 = 1", true],
    ["'a' IN ['a', 'b']", true],
    ["1 == 1 OR a == 2", true],
    ["(1 == 2 OR 2 == 2) AND 3 > 1", true],
    ["['a'] HAS 'a'", true],
    ["1 == 2", false],
    ["1 == 1 AND a == 1", false],
    ['"a" == "a"', false], // "a" may name an attribute
    ["taskrouter.currentTime >= 0", false],
  ] as const)("%s → %s", (source, expected) => {
    const e = compileExpression(source);
    expect(e.alwaysTrue).toBe(expected);
    if (expected) expect(e.matches({})).toBe(true);
  });

  it("constant false matches nothing", () => {
    expect(compileExpression("1 == 2 AND a == 1").matches({ a: 1 })).toBe(false);
  });
});

describe("paths", () => {
  it("lists every key read, once, in order", () => {
    const e = compileExpression("a.b == 1 OR c[2].d HAS 'x' OR a.b > 0 OR \"q\" == 1 OR 'lit' == e");
    expect(e.paths).toEqual([["a", "b"], ["c", "2", "d"], ["q"], ["e"]]);
  });

  it("maps quoted keys to the worker in the target context", () => {
    expect(compileExpression('"skills" IN task.required', { context: "target" }).paths).toEqual([
      ["worker", "skills"],
      ["task", "required"],
    ]);
  });

  it("is empty for constant expressions", () => {
    expect(compileExpression("1==1").paths).toEqual([]);
  });
});

describe("indexKey", () => {
  it("gives every pair of == values the same key", () => {
    const values = [2, "2", "02", "2.0", 2.5, "2.5", "x", "", "true", true, false, null, 0, "-0", -0, "0"];
    for (const a of values) {
      for (const b of values) {
        if (valuesEqual(a, b)) expect([a, b, indexKey(a)]).toEqual([a, b, indexKey(b)]);
      }
    }
  });

  it("separates types and has no key for arrays and objects", () => {
    expect(indexKey("true")).not.toBe(indexKey(true));
    expect(indexKey("x")).not.toBe(indexKey("y"));
    expect(indexKey(1)).not.toBe(indexKey(true));
    expect(indexKey(["a"])).toBeUndefined();
    expect(indexKey({ a: 1 })).toBeUndefined();
  });
});

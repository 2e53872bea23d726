// order_by parsing and comparisons.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/domain/entities.ts";
import { compileOrderBy, ExpressionError } from "../../../src/expression/index.ts";

const w = (worker: object) => ({ worker: worker as JsonObject });

describe("compileOrderBy parsing", () => {
  it.each([
    ["worker.level", [{ path: ["worker", "level"], descending: false }]],
    ["worker.level DESC", [{ path: ["worker", "level"], descending: true }]],
    ["worker.level desc", [{ path: ["worker", "level"], descending: true }]],
    ["worker.level Asc", [{ path: ["worker", "level"], descending: false }]],
    [
      "worker.level DESC, worker.x ASC",
      [
        { path: ["worker", "level"], descending: true },
        { path: ["worker", "x"], descending: false },
      ],
    ],
    [
      "worker.finance ASC,worker.support ASC",
      [
        { path: ["worker", "finance"], descending: false },
        { path: ["worker", "support"], descending: false },
      ],
    ],
    ["worker.skills.level DESC", [{ path: ["worker", "skills", "level"], descending: true }]],
  ] as const)("%s", (source, clauses) => {
    const o = compileOrderBy(source);
    expect(o.clauses).toEqual(clauses);
    expect(o.source).toBe(source);
  });

  it.each([
    ["", 1, "Empty expression"],
    ["level DESC", 1, "Invalid order_by key 'level'"],
    ["task.level DESC", 1, "Invalid order_by key 'task.level'"],
    ["worker DESC", 1, "Invalid order_by key 'worker'"],
    ["worker.a[0] DESC", 1, "Invalid order_by key"],
    ["worker.level DOWN", 14, "Unexpected 'DOWN'"],
    ["worker.level DESC worker.x", 19, "Unexpected 'worker.x'"],
    ["worker.level,", 14, "Unexpected end of input"],
    ["worker.level DESC,, worker.x", 19, "Unexpected ','"],
    ["worker.a-b", 9, "hyphens"],
    ["'worker.level'", 1, "Unexpected"],
  ] as const)("rejects %j at column %i", (source, column, fragment) => {
    let error: unknown;
    try {
      compileOrderBy(source, { where: "order_by of target 1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).column).toBe(column);
    expect((error as ExpressionError).message).toContain(fragment);
    expect((error as ExpressionError).where).toBe("order_by of target 1");
  });
});

describe("compare", () => {
  const desc = compileOrderBy("worker.level DESC");
  const asc = compileOrderBy("worker.level");

  it.each([
    // [a, b, sign for DESC, sign for ASC]
    [{ level: 3 }, { level: 1 }, -1, 1],
    [{ level: 1 }, { level: 3 }, 1, -1],
    [{ level: 2 }, { level: 2 }, 0, 0],
    [{ level: -5 }, { level: 0 }, 1, -1],
    [{}, { level: 1 }, 1, 1], // missing sorts last either way
    [{ level: 1 }, {}, -1, -1],
    [{ level: "3" }, { level: 1 }, 1, 1], // strings are not integers
    [{ level: 2.5 }, { level: 1 }, 1, 1], // nor are fractions
    [{ level: null }, { level: 0 }, 1, 1],
    [{}, {}, 0, 0],
    [{ level: "x" }, { level: [1] }, 0, 0],
  ] as const)("%j vs %j", (a, b, descSign, ascSign) => {
    expect(Math.sign(desc.compare(w(a), w(b)))).toBe(descSign);
    expect(Math.sign(asc.compare(w(a), w(b)))).toBe(ascSign);
  });

  it("uses later clauses to break ties and sorts a list", () => {
    const o = compileOrderBy("worker.level DESC, worker.x ASC");
    const workers = [
      { id: 1, level: 1, x: 5 },
      { id: 2, level: 3, x: 9 },
      { id: 3, level: 3, x: 1 },
      { id: 4, x: 0 },
      { id: 5, level: 3 },
      { id: 6, level: 1, x: 5 },
    ];
    const sorted = [...workers].sort((a, b) => o.compare(w(a), w(b)) || a.id - b.id).map((x) => x.id);
    expect(sorted).toEqual([3, 2, 5, 1, 6, 4]);
  });

  it("reads nested attributes", () => {
    const o = compileOrderBy("worker.skills.level DESC");
    expect(o.compare(w({ skills: { level: 4 } }), w({ skills: { level: 2 } }))).toBeLessThan(0);
  });
});

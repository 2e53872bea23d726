// Keeps docs/compatibility.md honest: every TaskRouter operation of the spec has exactly one row with a
// state, and every row that claims "works" or "partial" names test files that exist.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import operations from "./operations.json" with { type: "json" };

const root = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(root, "docs", "compatibility.md"), "utf8");

interface Row {
  name: string;
  state: string;
  tests: string[];
}

function rows(): Row[] {
  const result: Row[] = [];
  for (const line of doc.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    // Rows are | name | what | state | tests | notes |
    if (cells.length < 7 || !/^`?[A-Za-z]/.test(cells[1] ?? "")) continue;
    const state = (cells[3] ?? "").toLowerCase();
    if (!["works", "partial", "missing"].includes(state)) continue;
    const tests = [...(cells[4] ?? "").matchAll(/`(test\/[^`]+?)`/g)].map((m) => m[1] ?? "");
    result.push({ name: (cells[1] ?? "").replaceAll("`", ""), state, tests });
  }
  return result;
}

describe("docs/compatibility.md", () => {
  const all = rows();

  it("has exactly one row per operation of the TaskRouter v1 spec", () => {
    expect(operations).toHaveLength(61);
    for (const op of operations) {
      const matching = all.filter((r) => r.name === op.operationId);
      expect(matching, op.operationId).toHaveLength(1);
    }
  });

  it("names an existing test for every row that works or is partial", () => {
    for (const row of all) {
      if (row.state === "missing") continue;
      expect(row.tests.length, `${row.name} names no test`).toBeGreaterThan(0);
      for (const test of row.tests) expect(existsSync(join(root, test)), `${row.name}: ${test}`).toBe(true);
    }
  });
});

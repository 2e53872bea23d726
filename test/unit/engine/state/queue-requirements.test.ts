import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../../src/domain/entities.ts";
import { QueueRequirementIndex } from "../../../../src/engine/state/queue-requirements.ts";
import { compileExpression, valuesEqual } from "../../../../src/expression/index.ts";

function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 48271) % 2147483647;
    return x % n;
  };
}

const compile = (src: string) => compileExpression(src, { where: "TargetWorkers" });

/** What the index must never miss: every requirement holds (the engine's own cheap check). */
function requirementsHold(src: string, attrs: JsonObject): boolean {
  const expr = compile(src);
  if (expr.alwaysTrue) return true;
  return expr.requirements.every((req) => {
    let v: unknown = attrs;
    for (const k of req.path) v = v !== null && typeof v === "object" ? (v as JsonObject)[k] : undefined;
    if (req.op === "==") return v !== undefined && valuesEqual(v as JsonObject, req.value);
    return Array.isArray(v) && v.some((e) => valuesEqual(e, req.value));
  });
}

describe("QueueRequirementIndex", () => {
  it("returns queues without requirements and those whose clauses all occur, in registration order", () => {
    const idx = new QueueRequirementIndex();
    idx.set("Q1", compile('skills HAS "a" AND lang HAS "en"'));
    idx.set("Q2", compile("1 == 1"));
    idx.set("Q3", compile('dept == "x"'));
    idx.set("Q4", compile("level > 2"));
    idx.set("Q5", compile('skills HAS "b"'));
    expect(idx.candidates({ skills: ["a", "b"], lang: ["en"], dept: "y" })).toEqual(["Q1", "Q2", "Q4", "Q5"]);
    expect(idx.candidates({ dept: "x" })).toEqual(["Q2", "Q3", "Q4"]);
    // Re-registering keeps the position; deleting removes it.
    idx.set("Q1", compile('dept == "x"'));
    expect(idx.candidates({ dept: "x" })).toEqual(["Q1", "Q2", "Q3", "Q4"]);
    idx.delete("Q3");
    expect(idx.candidates({ dept: "x" })).toEqual(["Q1", "Q2", "Q4"]);
  });

  it("treats numbers and numeric strings alike, as the expression language does", () => {
    const idx = new QueueRequirementIndex();
    idx.set("Q", compile('tier == "2" AND codes HAS 7'));
    expect(idx.candidates({ tier: 2, codes: ["7", "7"] })).toEqual(["Q"]);
    expect(idx.candidates({ tier: 3, codes: [7] })).toEqual([]);
  });

  it("never misses a queue whose requirements hold (random model check)", () => {
    const r = rng(4242);
    const vals = ["a", "b", "c", "1", 1, 2, true];
    const pick = () => vals[r(vals.length)] as string | number | boolean;
    const lit = (v: string | number | boolean) => (typeof v === "string" ? `"${v}"` : String(v));
    const sources: string[] = [];
    for (let i = 0; i < 60; i++) {
      const parts: string[] = [];
      const n = r(4);
      for (let k = 0; k < n; k++) {
        const kind = r(4);
        if (kind === 0) parts.push(`x == ${lit(pick())}`);
        else if (kind === 1) parts.push(`tags HAS ${lit(pick())}`);
        else if (kind === 2) parts.push(`${lit(pick())} IN nested.list`);
        else parts.push("level >= 2");
      }
      sources.push(parts.length === 0 ? "1 == 1" : parts.join(" AND "));
    }
    const idx = new QueueRequirementIndex();
    for (const [i, src] of sources.entries()) idx.set(`Q${i}`, compile(src));
    for (let t = 0; t < 300; t++) {
      const attrs: JsonObject = {
        x: pick(),
        tags: Array.from({ length: r(4) }, pick),
        nested: { list: Array.from({ length: r(3) }, pick) },
        level: r(4),
      };
      const got = new Set(idx.candidates(attrs));
      sources.forEach((src, i) => {
        if (requirementsHold(src, attrs)) expect(got.has(`Q${i}`)).toBe(true);
      });
    }
  });
});

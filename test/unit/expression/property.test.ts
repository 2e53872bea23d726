// Property tests: the compiler never throws anything but ExpressionError, compiled expressions never
// throw, and compiled evaluation agrees with the naive reference interpreter (bench/lib).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateReference, parseReference } from "../../../bench/lib/expression-reference.ts";
import { compileExpression, compileOrderBy, ExpressionError } from "../../../src/expression/index.ts";
import * as arb from "./arbitraries.ts";

/** Compiles; returns the expression, or undefined for an ExpressionError; rethrows anything else. */
function tryCompile(source: string, context: "plain" | "target" | "skipIf") {
  try {
    return compileExpression(source, { context });
  } catch (e) {
    if (e instanceof ExpressionError && !e.message.startsWith("Expression could not be compiled"))
      return undefined;
    throw e;
  }
}

describe("compiler robustness", () => {
  it("throws only ExpressionError on random text", () => {
    fc.assert(
      fc.property(arb.randomText, arb.context, (source, context) => {
        tryCompile(source, context);
      }),
      { numRuns: 15_000 },
    );
  });

  it("throws only ExpressionError on mutated expressions, and compiled ones evaluate", () => {
    fc.assert(
      fc.property(arb.mutatedExpression, arb.context, arb.root, arb.env, (source, context, root, env) => {
        const e = tryCompile(source, context);
        if (e !== undefined) expect(typeof e.matches(root, env)).toBe("boolean");
      }),
      { numRuns: 15_000 },
    );
  });

  it("throws only ExpressionError from compileOrderBy", () => {
    const orderBy = fc.oneof(
      arb.randomText,
      arb.grammarExpression,
      fc.constantFrom("worker.level DESC", "worker.a ASC, worker.b"),
    );
    fc.assert(
      fc.property(orderBy, (source) => {
        try {
          compileOrderBy(source);
        } catch (e) {
          if (!(e instanceof ExpressionError)) throw e;
        }
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("compiled evaluation", () => {
  it("agrees with the reference interpreter", () => {
    let compiled = 0;
    fc.assert(
      fc.property(
        arb.grammarExpression,
        arb.context,
        fc.array(arb.root, { minLength: 1, maxLength: 3 }),
        arb.env,
        (source, context, roots, env) => {
          const e = tryCompile(source, context);
          if (e === undefined) return;
          compiled++;
          const tree = parseReference(source);
          for (const root of roots)
            expect(e.matches(root, env)).toBe(evaluateReference(tree, root, env, context));
        },
      ),
      { numRuns: 10_000 },
    );
    expect(compiled).toBeGreaterThan(3_000);
  });

  it("satisfies every requirement whenever it matches", () => {
    fc.assert(
      fc.property(
        arb.grammarExpression,
        fc.array(arb.root, { minLength: 1, maxLength: 4 }),
        (source, roots) => {
          const e = tryCompile(source, "plain");
          if (e === undefined || e.requirements.length === 0) return;
          for (const root of roots) {
            if (!e.matches(root)) continue;
            for (const r of e.requirements) {
              const quoted =
                typeof r.value === "string"
                  ? JSON.stringify(r.value).replaceAll("'", "\\'")
                  : String(r.value);
              const check = compileExpression(`${r.path.join(".")} ${r.op} ${quoted}`);
              expect(check.matches(root)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

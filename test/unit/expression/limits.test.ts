// Worst-case inputs up to the 4,096-character limit: each either compiles or fails with an
// ExpressionError, in linear time (no backtracking regexes, no recursion beyond 64 levels).
import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError, MAX_EXPRESSION_LENGTH } from "../../../src/expression/index.ts";

const fill = (unit: string, prefix = "", suffix = "") =>
  prefix +
  unit.repeat(Math.floor((MAX_EXPRESSION_LENGTH - prefix.length - suffix.length) / unit.length)) +
  suffix;

const hostile: [string, string, boolean][] = [
  ["open parentheses", fill("("), false],
  ["close parentheses", fill(")"), false],
  ["open brackets", fill("["), false],
  ["quotes", fill("'"), false],
  ["backslashes in a string", fill("\\\\", "a == '", "'"), true],
  ["unterminated escapes", fill("\\", "a == '"), false],
  ["long key path", fill(".a", "a", " == 1"), true],
  ["long index chain", fill("[0]", "a", " == 1"), true],
  ["long AND chain", fill(" AND a == 1", "a == 1"), true],
  ["long OR chain", fill(" OR a == 1", "a == 1"), true],
  ["long array literal", fill(", 1", "a IN [1", "]"), true],
  ["operators only", fill("=="), false],
  ["hyphens", fill("-"), false],
  ["digits", fill("9"), false],
  ["long quoted key", fill("a", '"', '" == 1'), true],
  ["mixed noise", fill("(a == 'x' OR \"-\" <- [b]) AND "), false],
];

describe("limits", () => {
  it.each(hostile)("%s", (_name, source, compiles) => {
    expect(source.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
    let error: unknown;
    try {
      const e = compileExpression(source);
      expect(typeof e.matches({ a: 1 })).toBe("boolean");
    } catch (e) {
      error = e;
    }
    if (compiles) expect(error).toBeUndefined();
    else expect(error).toBeInstanceOf(ExpressionError);
  });
});

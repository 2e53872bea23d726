// Every rejected input: an ExpressionError (code 20001, status 400) with column, expected and where.
import { describe, expect, it } from "vitest";
import { compileExpression, compileOrderBy, ExpressionError } from "../../../src/expression/index.ts";

function errorOf(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw new Error(`expected an ExpressionError, got ${String(e)}`);
  }
  throw new Error("expected an ExpressionError, got none");
}

const HYPHEN = "TaskRouter does not support hyphens";

// [source, column, expected (prefix), message fragment]
const rows: [string, number, string, string][] = [
  ["", 1, "an expression", "Empty expression"],
  ["   ", 1, "an expression", "Empty expression"],
  ["a-b == 1", 2, "an operator", HYPHEN],
  ["location == US-West", 15, "an operator", HYPHEN],
  ["level == -", 10, "a value", HYPHEN],
  ["a == 1-2", 7, "an operator", HYPHEN],
  ["a - b", 3, "a value", HYPHEN],
  ["a <> 1", 3, "one of ==, =, !=", "Unknown operator '<>'"],
  ["a === 1", 3, "one of ==", "Unknown operator '==='"],
  ["a == 1 && b == 2", 8, "one of ==", "use AND / OR"],
  ["a ! 1", 3, "one of ==", "Unknown operator '!'"],
  ["a LIKE 'x'", 3, "an operator", "Unexpected 'LIKE'"],
  ["a b", 3, "an operator", "Unexpected 'b'"],
  ["a", 2, "an operator", "Unexpected end of input"],
  ["a ==", 5, "a value", "Unexpected end of input"],
  ["== 1", 1, "a value", "Unexpected '=='"],
  ["(a == 1", 8, "')' to close '(' at column 1", "Unexpected end of input"],
  ["((a == 1)", 10, "')' to close '(' at column 1", "Unexpected end of input"],
  ["a == 1)", 7, "AND, OR or the end", "Unexpected ')'"],
  ["()", 2, "a value", "Unexpected ')'"],
  ["a == 1 b == 2", 8, "AND, OR or the end", "Unexpected 'b'"],
  ["a == 1 AND", 11, "a value", "Unexpected end of input"],
  ["a == 1 OR OR b == 2", 11, "a value", "Unexpected 'OR'"],
  ["a == b == c", 8, "AND, OR or the end", "Unexpected '=='"],
  ["a == 'abc", 6, "a closing '", "Unterminated string"],
  ['a == "abc', 6, 'a closing "', "Unterminated string"],
  ["a == 'abc\\'", 6, "a closing '", "Unterminated string"],
  ["a == '\\u12'", 7, "four hexadecimal digits", "Invalid \\u escape"],
  ["a == [1, 2", 11, "',' or ']' to close '[' at column 6", "Unexpected end of input"],
  ["a == [1,]", 9, "a constant", "Unexpected ']'"],
  ["a == [b]", 7, "a constant", "array literals hold constants only"],
  ["a == [[1]]", 7, "a constant", "Unexpected '['"],
  ["a == ]", 6, "a value", "Unexpected ']'"],
  ["a[x] == 1", 2, "an operator", "Unexpected '['"],
  ["a[1 == 1", 4, "']' to close the array index", "Unexpected ' '"],
  ["a. == 1", 2, "a key segment", "Unexpected '.'"],
  ["a..b == 1", 2, "a key segment", "Unexpected '.'"],
  ["a == 1.", 6, "a number or a key", "Invalid number"],
  ["a == 12abc", 6, "a number or a key", "Invalid number"],
  ["a == 1e999", 6, "a finite number", "Number out of range"],
  ["NOT a == 1", 1, "a value", "NOT is only supported as NOT IN"],
  ["a NOT HAS 1", 7, "IN after NOT", "NOT is only supported as NOT IN"],
  ["a == 1 NOT IN b", 8, "AND, OR or the end", "NOT is only supported as NOT IN"],
  ["AND == 1", 1, "a value", "AND is a keyword"],
  ["a == 1 # comment", 8, "a key, a value", 'Unexpected character "#"'],
  ["a == @x", 6, "a key, a value", 'Unexpected character "@"'],
  ["a == ;", 6, "a key, a value", 'Unexpected character ";"'],
  [`${"(".repeat(65)}a == 1${")".repeat(65)}`, 65, "at most 64 levels", "Too many nested parentheses"],
  ["x".repeat(4097), 4097, "at most 4096 characters", "Expression too long"],
];

describe("expression errors", () => {
  it.each(rows)("%s → column %i, expected %s", (source, column, expected, fragment) => {
    const e = errorOf(() => compileExpression(source, { where: "TargetWorkers" }));
    expect(e.code).toBe(20001);
    expect(e.status).toBe(400);
    expect(e.where).toBe("TargetWorkers");
    expect(e.column).toBe(column);
    expect(e.expected.startsWith(expected)).toBe(true);
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`at column ${column} of TargetWorkers: expected ${e.expected}`);
  });

  it("renders the documented message form", () => {
    const e = errorOf(() =>
      compileExpression('"skills" HAS "en" AND ( ) OR x == 1', { where: "TargetWorkers" }),
    );
    expect(e.message).toBe("Unexpected ')' at column 25 of TargetWorkers: expected a value");
  });

  it("defaults where to 'expression'", () => {
    expect(errorOf(() => compileExpression("a ==")).message).toBe(
      "Unexpected end of input at column 5 of expression: expected a value",
    );
  });

  it("accepts exactly 4096 characters and 64 nested parentheses", () => {
    const long = `a == '${"x".repeat(4096 - 7)}'`;
    expect(long.length).toBe(4096);
    expect(compileExpression(long).matches({ a: "x".repeat(4089) })).toBe(true);
    expect(compileExpression(`${"(".repeat(64)}a == 1${")".repeat(64)}`).matches({ a: 1 })).toBe(true);
  });

  it("rejects non-string input with an ExpressionError", () => {
    expect(errorOf(() => compileExpression(42 as unknown as string)).expected).toBe("a string");
    expect(errorOf(() => compileOrderBy(null as unknown as string)).expected).toBe("a string");
  });

  it("shortens long tokens in messages", () => {
    const e = errorOf(() => compileExpression(`a == 1 '${"y".repeat(100)}'`));
    expect(e.message.length).toBeLessThan(120);
  });
});

describe("error message length", () => {
  it.each([
    ["a ".concat("=".repeat(3000), " 1")],
    ["a == ".concat("x".repeat(3000), "-")],
    ["a == 1 ".concat("b".repeat(3000))],
    ["a == 1".concat(")".repeat(3000))],
  ])("stays short for long offending tokens (%#)", (source) => {
    expect(errorOf(() => compileExpression(source)).message.length).toBeLessThan(200);
  });
});

describe("long names in messages", () => {
  it.each([
    ["target", `${"k".repeat(3000)} == 1`],
    ["skipIf", `workers.${"k".repeat(3000)} == 1`],
    ["plain", `taskrouter.${"k".repeat(3000)} == 1`],
    ["plain", `a == ${"9".repeat(400)}`],
    ["plain", `a == ${"9".repeat(3000)}x`],
  ] as const)("are shortened in context %s (%#)", (context, source) => {
    expect(errorOf(() => compileExpression(source, { context })).message.length).toBeLessThan(260);
  });
});

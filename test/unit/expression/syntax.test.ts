// Constants, keys, keywords and precedence.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/domain/entities.ts";
import { compileExpression } from "../../../src/expression/index.ts";

const doc: JsonObject = {
  name: 'O\'Brien "Bob"',
  path: "C:\\temp",
  tab: "a\tb",
  accent: "é",
  n: -3,
  big: 2500,
  f: 0.5,
  on: true,
  off: false,
  a: { b: [{ c: 1 }, { c: 2 }, { c: "three", d: [10, 20] }] },
  list: ["en", "es"],
  $dollar: 1,
  _under: 1,
  überKey: "x",
  "has-hyphen": 1,
};

const rows: [string, boolean][] = [
  // strings: both quotes, escapes
  [`name == 'O\\'Brien "Bob"'`, true],
  [`name == "O'Brien \\"Bob\\""`, true],
  [`path == 'C:\\\\temp'`, true],
  [`tab == 'a\\tb'`, true],
  [`accent == '\\u00e9'`, true],
  [`accent == 'é'`, true],
  [`'\\q' == 'q'`, true], // unknown escapes stand for the character
  // numbers
  ["n == -3", true],
  ["n < -2.5", true],
  ["n>-4", true], // `>-` before a digit is `> -4`
  ["big == 2.5e3", true],
  ["big == 2500.0", true],
  ["f == .5", true],
  ["f == 0.5", true],
  ["0800 == 800", true], // leading zeros are decimal
  // booleans and null, case-insensitive
  ["on == true", true],
  ["on == TRUE", true],
  ["off == False", true],
  ["missing == NULL", true],
  // arrays
  ["list == list", false],
  ["'en' IN [\"en\", 'es', 1]", true],
  ["1 IN [\"en\", 'es', 1]", true],
  ["null IN [null]", true],
  ["true IN [true, false]", true],
  ["'x' IN []", false],
  ["'a' IN [ 'a' , 'b' ]", true],
  // keys
  ["a.b[1].c == 2", true],
  ["a.b[2].c == 'three'", true],
  ["a.b[2].d[1] == 20", true],
  ["a.b[9].c == null", true],
  ["a.b.c == null", true], // named segment on an array reads nothing
  ["list.length == null", true],
  ["a.constructor == null", true], // nothing inherited is visible
  ["toString == null", true],
  ["$dollar == 1", true],
  ["_under == 1", true],
  ["überKey == 'x'", true],
  ["n.x.y == null", true],
  // keywords case-insensitive
  ["'en' in list and n == -3", true],
  ["'en' In list AnD n == -3", true],
  ["'de' not in list", true],
  ["'de' Not In list", true],
  ["list has 'es'", true],
  ["name contains 'Bob'", true],
  ["on == true or off == true", true],
  // precedence: AND binds tighter than OR
  ["on == true OR off == true AND n == 0", true],
  ["(on == true OR off == true) AND n == 0", false],
  ["off == true AND on == true OR n == -3", true],
  ["off == true AND (on == true OR n == -3)", false],
  ["((n == -3))", true],
  ["(n == -3) AND (on == true)", true],
  // whitespace
  ["  n==-3\n\tAND\ron==true  ", true],
];

describe("syntax", () => {
  it.each(rows)("%s → %s", (source, expected) => {
    expect(compileExpression(source).matches(doc)).toBe(expected);
  });

  it("keeps the source", () => {
    expect(compileExpression(" a == 1 ").source).toBe(" a == 1 ");
  });

  it("evaluates without an env and with an empty one", () => {
    const e = compileExpression("n == -3");
    expect(e.matches(doc)).toBe(true);
    expect(e.matches(doc, {})).toBe(true);
  });

  it("treats undefined in a hand-built root as NULL", () => {
    const root = { worker: undefined } as unknown as JsonObject;
    expect(compileExpression("worker == null").matches(root)).toBe(true);
    expect(compileExpression("worker.x == null").matches(root)).toBe(true);
  });
});

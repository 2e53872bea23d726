// The typing rules of every operator (src/expression/operators.ts), one row per rule, run compiled.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/domain/entities.ts";
import { compileExpression } from "../../../src/expression/index.ts";

const doc: JsonObject = {
  s: "support",
  n: 2,
  f: 2.5,
  hour: "09",
  zero: "0",
  t: true,
  nil: null,
  list: ["a", "b", 3],
  nums: [1, 2, 3],
  strnums: ["1", "2"],
  empty: [],
  obj: { k: "v" },
  phone: "+14155550100",
};

const rows: [string, boolean][] = [
  // == and =
  ["s == 'support'", true],
  ["s = 'support'", true],
  ["s == 'Support'", false],
  ["n == 2", true],
  ["n == 2.0", true],
  ["f == 2.5", true],
  ["n == '2'", true], // number vs numeric string: numeric equality
  ["hour == 9", true],
  ["'09' == '9'", false], // two strings compare as strings
  ["t == true", true],
  ["t == 'true'", false], // booleans never equal strings
  ["n == true", false],
  ["nil == null", true],
  ["missing == null", true], // missing key is NULL
  ["missing == ''", false],
  ["list == ['a', 'b', 3]", false], // scalar operator on arrays
  ["obj == null", false],
  // !=
  ["s != 'sales'", true],
  ["s != 'support'", false],
  ["n != '2'", false],
  ["missing != 'sales'", true], // negation of == for scalars
  ["missing != null", false],
  ["list != null", true], // presence test on arrays
  ["list != 'a'", false], // otherwise false on arrays
  ["obj != null", true],
  ["n != 'two'", true],
  // ordering
  ["n > 1", true],
  ["n >= 2", true],
  ["n < 2", false],
  ["n <= 2", true],
  ["f > 2", true],
  ["n > -1", true],
  ["hour > 8", true], // numeric string vs number
  ["hour < 10", true],
  ["8 < hour", true],
  ["'10' > 9", true],
  ["s > 'a'", true], // strings by code units
  ["'10' > '9'", false],
  ["s > 1", false], // non-numeric string vs number
  ["t > false", false], // booleans are not ordered
  ["missing > 0", false],
  ["missing < 0", false],
  ["nil >= 0", false],
  ["nums > 0", false], // scalar operator on arrays
  ["n >= nums", false],
  // CONTAINS
  ["s CONTAINS 'port'", true],
  ["s CONTAINS 'x'", false],
  ["phone CONTAINS '415'", true],
  ["phone CONTAINS 415", false], // strings only
  ["list CONTAINS 'a'", false], // scalar operator on arrays
  ["missing CONTAINS ''", false],
  // HAS and >-
  ["list HAS 'a'", true],
  ["list >- 'b'", true],
  ["list HAS 'z'", false],
  ["list HAS 3", true],
  ["list HAS '3'", true], // element equality is ==
  ["strnums HAS 2", true],
  ["nums HAS [1, 3]", true], // array right: every element
  ["nums HAS [1, 4]", false],
  ["nums HAS []", true],
  ["s HAS 's'", false], // array operator on scalars
  ["missing HAS 'a'", false],
  ["empty HAS 'a'", false],
  ["obj HAS 'v'", false],
  // IN and <-
  ["'a' IN list", true],
  ["'a' <- list", true],
  ["s IN ['sales', 'support']", true],
  ["n IN [1, 2]", true],
  ["n IN ['2']", true],
  ["s IN ['sales']", false],
  ["s IN 'support'", false], // array operator on two scalars
  ["nums IN [3, 9]", true], // array left: any shared element
  ["nums IN [7, 9]", false],
  ["empty IN [1]", false],
  ["missing IN ['a']", false],
  ["missing IN [null]", true],
  ["obj IN ['v']", false],
  // NOT IN
  ["s NOT IN ['sales']", true],
  ["s not in ['support']", false],
  ["'z' NOT IN list", true],
  ["nums NOT IN [7, 9]", true],
  ["nums NOT IN [3]", false],
  ["s NOT IN missing", true], // a missing list counts as empty
  ["s NOT IN 'x'", false], // array operator on two scalars
  ["obj NOT IN ['v']", false],
];

describe("operator typing rules", () => {
  it.each(rows)("%s → %s", (source, expected) => {
    expect(compileExpression(source).matches(doc)).toBe(expected);
  });
});

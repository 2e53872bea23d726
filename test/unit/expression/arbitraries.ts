/**
 * fast-check generators for expressions, shared by the property tests and
 * scripts/fuzz-expressions.ts: random text, grammar-shaped expressions, mutated expressions,
 * and documents/roots that the generated keys can hit.
 */
import fc from "fast-check";
import type { JsonObject, JsonValue } from "../../../src/domain/entities.ts";
import type { ExpressionContext } from "../../../src/expression/index.ts";

const KEYS = [
  "a",
  "b",
  "level",
  "skills",
  "s",
  "a.b",
  "a.b[1]",
  "a.b[0].c",
  "list[2]",
  "n",
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "length",
  "list.length",
  "task.x",
  "task.skills",
  "task.level",
  "worker.skills",
  "worker.level",
  "worker.x",
  "worker.sid",
  "workers.available",
  "workers.unavailable",
  "workers.WA1",
  "taskrouter.currentTime",
  "taskrouter.currentHour",
  "taskrouter.currentMin",
  "taskrouter.dayOfWeek",
];
const WORDS = [
  "a",
  "b",
  "x",
  "en",
  "es",
  "support",
  "09",
  "9",
  "2",
  "-1",
  "1e3",
  "level",
  "skills",
  "",
  "it's",
  'q"t',
  "a\\b",
  "é",
];

const quoted = fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom('"', "'")).map(([w, q]) => {
  const escaped = w.replaceAll("\\", "\\\\").replaceAll(q, `\\${q}`);
  return `${q}${escaped}${q}`;
});
const numberText = fc.oneof(
  fc.integer({ min: -2, max: 10 }).map(String),
  fc.constantFrom("0800", "2.5", "-0.5", ".5", "1e2", "0", "-0", "9"),
);
const scalarText = fc.oneof(quoted, numberText, fc.constantFrom("true", "FALSE", "null", "True"));
const arrayText = fc.array(scalarText, { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`);
const COMMON_KEYS = [
  "level",
  "skills",
  "s",
  "a.b[0].c",
  "worker.level",
  "worker.skills",
  "task.level",
  "task.skills",
  "workers.available",
];
const operand = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 4, arbitrary: fc.constantFrom(...COMMON_KEYS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '"skills"',
      '"level"',
      '"a.b"',
      '"worker.x"',
      '"s"',
      '"taskrouter.currentHour"',
    ),
  },
  { weight: 3, arbitrary: scalarText },
  { weight: 1, arbitrary: arrayText },
);
const operator = fc.constantFrom(
  "==",
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "CONTAINS",
  "contains",
  "HAS",
  "has",
  ">-",
  "IN",
  "in",
  "<-",
  "NOT IN",
  "not in",
);

/** Syntactically valid expressions (they may still be rejected by a context). */
export const grammarExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(operand, operator, operand).map(([l, o, r]) => `${l} ${o} ${r}`),
    // the shape the compiler specialises: key <op> constant
    fc.tuple(fc.constantFrom(...COMMON_KEYS), operator, scalarText).map(([l, o, r]) => `${l} ${o} ${r}`),
    fc
      .tuple(tie("expr"), fc.constantFrom("AND", "OR", "and", "or"), tie("expr"))
      .map(([l, o, r]) => `${l} ${o} ${r}`),
    tie("expr").map((e) => `(${e})`),
  ),
})).expr;

const NOISE = [
  "(",
  ")",
  "[",
  "]",
  ",",
  "'",
  '"',
  "\\",
  "-",
  ".",
  "=",
  "!",
  "<",
  ">",
  " ",
  "AND",
  "NOT",
  "1",
  "a",
  "é",
  "\u0000",
  "\uD800",
  "#",
];

/** Valid expressions with a few characters inserted, deleted or replaced. */
export const mutatedExpression: fc.Arbitrary<string> = fc
  .tuple(
    grammarExpression,
    fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(...NOISE)), { minLength: 1, maxLength: 4 }),
  )
  .map(([source, edits]) => {
    let s = source;
    for (const [at, kind, text] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (kind === 0) s = s.slice(0, i) + text + s.slice(i);
      else if (kind === 1) s = s.slice(0, i) + s.slice(i + 1);
      else s = s.slice(0, i) + text + s.slice(i + 1);
    }
    return s;
  });

/** Arbitrary text: ASCII-heavy and full Unicode (including lone surrogates). */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...NOISE), maxLength: 30 }),
);

export const anyExpression: fc.Arbitrary<string> = fc.oneof(randomText, grammarExpression, mutatedExpression);

export const context: fc.Arbitrary<ExpressionContext> = fc.constantFrom("plain", "target", "skipIf");

const leaf: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>(
    "a",
    "b",
    "en",
    "es",
    "support",
    "09",
    "9",
    "2",
    "",
    "skills",
    "level",
    true,
    false,
    null,
  ),
  fc.integer({ min: -2, max: 10 }),
  fc.constantFrom(0.5, 2.5, -1, 800, 905, 2359),
);
const value: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 2, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.record({ b: fc.array(fc.oneof(leaf, fc.record({ c: leaf })), { maxLength: 3 }) }),
  },
);

/** A document where each of the generated keys is present half of the time. */
export const doc: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      a: value,
      b: value,
      level: value,
      skills: value,
      s: value,
      list: value,
      n: value,
      x: value,
      sid: value,
      constructor: value,
      en: value,
      support: value,
    },
    { requiredKeys: [] },
  )
  .map((d) => d as JsonObject);

/** A root shaped for any context: plain keys plus task/worker/workers. */
export const root: fc.Arbitrary<JsonObject> = fc
  .tuple(doc, doc, doc, fc.record({ available: fc.nat(3), unavailable: fc.nat(3), WA1: fc.nat(3) }))
  .map(([plain, task, worker, workers]) => ({ ...plain, task, worker, workers }));

export const env: fc.Arbitrary<{ now?: number }> = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 0, max: 2_000_000_000_000 }).map((now) => ({ now })),
);

/**
 * Recursive-descent parser. Grammar (keywords case-insensitive):
 *
 *   expression := or
 *   or         := and ( OR and )*
 *   and        := term ( AND term )*          -- AND binds tighter than OR
 *   term       := '(' or ')' | operand operator operand
 *   operand    := key | string | number | TRUE | FALSE | NULL | '[' constant ( ',' constant )* ']' | '[' ']'
 *   operator   := == | = | != | > | >= | < | <= | CONTAINS | HAS | >- | IN | <- | NOT IN
 *
 * Nesting of parentheses is limited (MAX_DEPTH) so hostile input cannot exhaust the stack.
 */
import type { JsonValue } from "../domain/entities.ts";
import type { Node, Operand, Operator } from "./ast.ts";
import { type Fail, quoteText } from "./failure.ts";
import { type Token, tokenize } from "./tokens.ts";

export const MAX_DEPTH = 64;

const OPERATOR_OF = new Map<string, Operator>([
  ["==", "=="],
  ["=", "=="],
  ["!=", "!="],
  [">", ">"],
  [">=", ">="],
  ["<", "<"],
  ["<=", "<="],
  [">-", "HAS"],
  ["<-", "IN"],
  ["CONTAINS", "CONTAINS"],
  ["HAS", "HAS"],
  ["IN", "IN"],
]);
const KEYWORDS = new Set(["AND", "OR", "IN", "NOT", "HAS", "CONTAINS", "TRUE", "FALSE", "NULL"]);
const EXPECT_OPERATOR = "an operator (==, =, !=, >, >=, <, <=, CONTAINS, HAS, IN, NOT IN)";
const EXPECT_VALUE = "a value";

export function parse(source: string, fail: Fail): Node {
  const tokens = tokenize(source, fail);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const upper = (t: Token): string => (t.kind === "word" ? t.value.toUpperCase() : "");
  const unexpected = (t: Token, expected: string, hint?: string): never =>
    fail(
      t.kind === "end" ? "Unexpected end of input" : `Unexpected ${quoteText(t.text)}`,
      t.column,
      expected,
      hint,
    );

  function or(depth: number): Node {
    const items = [and(depth)];
    while (upper(peek()) === "OR") {
      next();
      items.push(and(depth));
    }
    return items.length === 1 ? (items[0] as Node) : { kind: "or", items };
  }

  function and(depth: number): Node {
    const items = [term(depth)];
    while (upper(peek()) === "AND") {
      next();
      items.push(term(depth));
    }
    return items.length === 1 ? (items[0] as Node) : { kind: "and", items };
  }

  function term(depth: number): Node {
    const t = peek();
    if (t.kind === "(") {
      if (depth >= MAX_DEPTH)
        fail("Too many nested parentheses", t.column, `at most ${MAX_DEPTH} levels of nesting`);
      next();
      const inner = or(depth + 1);
      const close = peek();
      if (close.kind !== ")")
        unexpected(close, `')' to close '(' at column ${t.column}`, afterValueHint(close));
      next();
      return inner;
    }
    const left = operand();
    const opToken = next();
    const op = operator(opToken);
    const right = operand();
    return { kind: "compare", op, left, right, column: opToken.column };
  }

  function operator(t: Token): Operator {
    if (t.kind === "op") return OPERATOR_OF.get(t.value) as Operator;
    const word = upper(t);
    if (word === "NOT") {
      const inToken = next();
      if (upper(inToken) !== "IN") unexpected(inToken, "IN after NOT", "NOT is only supported as NOT IN");
      return "NOT IN";
    }
    const op = word === "" ? undefined : OPERATOR_OF.get(word);
    if (op !== undefined) return op;
    return unexpected(t, EXPECT_OPERATOR);
  }

  function operand(): Operand {
    const t = next();
    switch (t.kind) {
      case "string":
        return {
          kind: "const",
          value: t.value,
          doubleQuoted: t.quote === '"',
          column: t.column,
          text: t.text,
        };
      case "number":
        return { kind: "const", value: toNumber(t), doubleQuoted: false, column: t.column, text: t.text };
      case "[":
        return arrayLiteral(t);
      case "word": {
        const constant = keywordConstant(t);
        if (constant !== undefined) return constant;
        const word = upper(t);
        if (KEYWORDS.has(word)) {
          const hint = word === "NOT" ? "NOT is only supported as NOT IN" : `${word} is a keyword`;
          return unexpected(t, EXPECT_VALUE, hint);
        }
        return { kind: "key", path: t.path ?? [t.value], column: t.column, text: t.text };
      }
      default:
        return unexpected(t, EXPECT_VALUE);
    }
  }

  function arrayLiteral(open: Token): Operand {
    const values: JsonValue[] = [];
    if (peek().kind === "]") {
      next();
      return { kind: "const", value: values, doubleQuoted: false, column: open.column, text: "[]" };
    }
    for (;;) {
      const t = next();
      if (t.kind === "string") values.push(t.value);
      else if (t.kind === "number") values.push(toNumber(t));
      else {
        const constant = t.kind === "word" ? keywordConstant(t) : undefined;
        if (constant === undefined) {
          unexpected(
            t,
            "a constant (string, number, true, false or null)",
            "array literals hold constants only",
          );
        } else values.push(constant.value);
      }
      const sep = next();
      if (sep.kind === "]") break;
      if (sep.kind !== ",") unexpected(sep, `',' or ']' to close '[' at column ${open.column}`);
    }
    const end = tokens[pos - 1] as Token;
    return {
      kind: "const",
      value: values,
      doubleQuoted: false,
      column: open.column,
      text: source.slice(open.column - 1, end.column),
    };
  }

  function keywordConstant(t: Token): (Operand & { kind: "const" }) | undefined {
    const word = upper(t);
    const value = word === "TRUE" ? true : word === "FALSE" ? false : word === "NULL" ? null : undefined;
    if (value === undefined) return undefined;
    return { kind: "const", value, doubleQuoted: false, column: t.column, text: t.text };
  }

  function toNumber(t: Token): number {
    const value = Number(t.value);
    if (!Number.isFinite(value))
      fail(`Number out of range ${quoteText(t.text)}`, t.column, "a finite number");
    return value;
  }

  const root = or(0);
  const last = peek();
  if (last.kind !== "end") unexpected(last, "AND, OR or the end of the expression", afterValueHint(last));
  return root;
}

function afterValueHint(t: Token): string | undefined {
  if (t.kind === "word" && t.value.toUpperCase() === "NOT") return "NOT is only supported as NOT IN";
  return undefined;
}

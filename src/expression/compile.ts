/**
 * Turns the parsed tree into one closure per node, once. Constant sub-expressions are folded
 * (`1==1` becomes `() => true`), AND/OR of two or three terms get unrolled closures, and the
 * common "key <op> constant" comparisons get a test specialised for the constant's type, so an
 * evaluation is a handful of direct calls with no tree walking and no re-parsing.
 */
import type { JsonValue } from "../domain/entities.ts";
import type { Node, Operand, Operator, PathSegment } from "./ast.ts";
import { type EnvReader, type ExpressionContext, resolveKey, resolveQuotedKey } from "./context.ts";
import type { Fail } from "./failure.ts";
import { has, isNumericString, TESTS } from "./operators.ts";
import type { Root } from "./paths.ts";
import type { EvaluationEnv } from "./time.ts";

export type Predicate = (root: Root, env?: EvaluationEnv) => boolean;

/** An operand after context resolution: a constant, or a reader of the document or the clock. */
export type Resolved =
  | { kind: "const"; value: JsonValue }
  | { kind: "read"; read: EnvReader; path: PathSegment[]; time: boolean; quoted?: string };

/** A compiled node: folded to a constant, or a predicate. */
export type CompiledNode = { kind: "const"; value: boolean } | { kind: "predicate"; test: Predicate };

export interface CompileState {
  context: ExpressionContext;
  fail: Fail;
  /** Every path read, in order of appearance (duplicates removed by the caller). */
  paths: PathSegment[][];
}

export function resolveOperand(operand: Operand, isLeft: boolean, state: CompileState): Resolved {
  if (operand.kind === "key") {
    const key = resolveKey(operand.path, operand.column, state.context, state.fail);
    state.paths.push(key.path);
    return { kind: "read", read: key.read, path: key.path, time: key.time };
  }
  if (isLeft && operand.doubleQuoted && typeof operand.value === "string") {
    const key = resolveQuotedKey(operand.value, state.context);
    if (key !== undefined) {
      state.paths.push(key.path);
      return { kind: "read", read: key.read, path: key.path, time: key.time, quoted: operand.value };
    }
  }
  return { kind: "const", value: operand.value };
}

export function compileNode(node: Node, state: CompileState): CompiledNode {
  if (node.kind === "compare") return compileComparison(node.op, node.left, node.right, state);
  const isAnd = node.kind === "and";
  const tests: Predicate[] = [];
  for (const item of node.items) {
    const c = compileNode(item, state);
    if (c.kind === "predicate") tests.push(c.test);
    else if (c.value !== isAnd) return { kind: "const", value: c.value }; // false in AND, true in OR
  }
  if (tests.length === 0) return { kind: "const", value: isAnd };
  return { kind: "predicate", test: isAnd ? all(tests) : any(tests) };
}

function all(tests: Predicate[]): Predicate {
  const [a, b, c] = tests as [Predicate, Predicate, Predicate];
  if (tests.length === 1) return a;
  if (tests.length === 2) return (r, e) => a(r, e) && b(r, e);
  if (tests.length === 3) return (r, e) => a(r, e) && b(r, e) && c(r, e);
  return (r, e) => {
    for (const t of tests) if (!t(r, e)) return false;
    return true;
  };
}

function any(tests: Predicate[]): Predicate {
  const [a, b, c] = tests as [Predicate, Predicate, Predicate];
  if (tests.length === 1) return a;
  if (tests.length === 2) return (r, e) => a(r, e) || b(r, e);
  if (tests.length === 3) return (r, e) => a(r, e) || b(r, e) || c(r, e);
  return (r, e) => {
    for (const t of tests) if (t(r, e)) return true;
    return false;
  };
}

function compileComparison(
  op: Operator,
  leftOp: Operand,
  rightOp: Operand,
  state: CompileState,
): CompiledNode {
  const left = resolveOperand(leftOp, true, state);
  const right = resolveOperand(rightOp, false, state);
  const test = TESTS[op];
  if (left.kind === "const" && right.kind === "const")
    return { kind: "const", value: test(left.value, right.value) };
  if (left.kind === "read" && right.kind === "const") {
    const read = left.read;
    const against = testAgainstConstant(op, right.value);
    return { kind: "predicate", test: (r, e) => against(read(r, e)) };
  }
  if (left.kind === "const" && right.kind === "read") {
    const value = left.value;
    const read = right.read;
    return { kind: "predicate", test: (r, e) => test(value, read(r, e)) };
  }
  const readL = (left as { read: EnvReader }).read;
  const readR = (right as { read: EnvReader }).read;
  return { kind: "predicate", test: (r, e) => test(readL(r, e), readR(r, e)) };
}

/** A one-argument test for `value <op> constant`, specialised for frequent operator/type pairs. */
function testAgainstConstant(op: Operator, c: JsonValue): (v: JsonValue) => boolean {
  const plainString = typeof c === "string" && !isNumericString(c);
  switch (op) {
    case "==":
      if (plainString || typeof c === "boolean" || c === null) return (v) => v === c;
      if (typeof c === "number")
        return (v) => v === c || (typeof v === "string" && isNumericString(v) && Number(v) === c);
      break;
    case "HAS":
      if (plainString) return (v) => Array.isArray(v) && v.includes(c);
      return (v) => has(v, c);
    case ">":
      if (typeof c === "number")
        return (v) =>
          typeof v === "number" ? v > c : typeof v === "string" && isNumericString(v) && Number(v) > c;
      break;
    case ">=":
      if (typeof c === "number")
        return (v) =>
          typeof v === "number" ? v >= c : typeof v === "string" && isNumericString(v) && Number(v) >= c;
      break;
    case "<":
      if (typeof c === "number")
        return (v) =>
          typeof v === "number" ? v < c : typeof v === "string" && isNumericString(v) && Number(v) < c;
      break;
    case "<=":
      if (typeof c === "number")
        return (v) =>
          typeof v === "number" ? v <= c : typeof v === "string" && isNumericString(v) && Number(v) <= c;
      break;
    default:
      break;
  }
  const test = TESTS[op];
  return (v) => test(v, c);
}

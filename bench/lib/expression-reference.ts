/**
 * A deliberately naive reference for the expression language: it walks the parsed tree with a
 * switch on every evaluation and resolves every key (quoted keys included) from scratch. It shares
 * the parser and the typing rules (src/expression/operators.ts) with the real compiler, so the
 * benchmark compares evaluation strategies, and the differential test in
 * test/unit/expression/differential.test.ts checks the compiler's folding and specialisations.
 */
import type { JsonObject, JsonValue } from "../../src/domain/entities.ts";
import type { Node, Operand, PathSegment } from "../../src/expression/ast.ts";
import { type ExpressionContext, keyAllowed, parseKeyPath } from "../../src/expression/context.ts";
import { ExpressionError } from "../../src/expression/errors.ts";
import { TESTS } from "../../src/expression/operators.ts";
import { parse } from "../../src/expression/parser.ts";
import { type EvaluationEnv, timeVariable } from "../../src/expression/time.ts";

export function parseReference(source: string): Node {
  return parse(source, (problem, column, expected, hint) => {
    throw new ExpressionError(problem, column, expected, "reference", hint);
  });
}

/** Reads a path the slow way; undefined when missing. */
function lookup(
  root: JsonValue,
  path: readonly PathSegment[],
  env: EvaluationEnv | undefined,
): JsonValue | undefined {
  if (path[0] === "taskrouter") return timeVariable(String(path[1]))?.(env) ?? null;
  let v: JsonValue | undefined = root;
  for (const seg of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    if (typeof seg === "number") v = Array.isArray(v) ? v[seg] : undefined;
    else v = !Array.isArray(v) && Object.hasOwn(v, seg) ? v[seg] : undefined;
  }
  return v;
}

function operand(
  o: Operand,
  isLeft: boolean,
  root: JsonObject,
  env: EvaluationEnv | undefined,
  context: ExpressionContext,
): JsonValue {
  if (o.kind === "key") return lookup(root, o.path, env) ?? null;
  if (isLeft && o.doubleQuoted && typeof o.value === "string") {
    let path = parseKeyPath(o.value);
    if (path !== undefined) {
      if (context === "target" && path[0] !== "task" && path[0] !== "worker" && path[0] !== "taskrouter") {
        path = ["worker", ...path];
      }
      const v = keyAllowed(path, context) ? lookup(root, path, env) : undefined;
      if (v !== undefined) return v;
    }
  }
  return o.value;
}

export function evaluateReference(
  node: Node,
  root: JsonObject,
  env?: EvaluationEnv,
  context: ExpressionContext = "plain",
): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((n) => evaluateReference(n, root, env, context));
    case "or":
      return node.items.some((n) => evaluateReference(n, root, env, context));
    case "compare":
      return TESTS[node.op](
        operand(node.left, true, root, env, context),
        operand(node.right, false, root, env, context),
      );
  }
}

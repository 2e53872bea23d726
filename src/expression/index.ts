/**
 * The TaskRouter expression language: the only module other layers import.
 *
 *   const e = compileExpression('"skills" HAS "english" AND level >= 2', { where: "TargetWorkers" });
 *   e.matches(workerAttributes)  // parse once, evaluate many times
 *
 * Pipeline: tokens.ts (lexer) → parser.ts (tree, ast.ts) → context.ts (which keys a context allows,
 * quoted keys) → compile.ts (closures, typing rules in operators.ts) → requirements.ts (index hints).
 * order-by.ts handles `order_by`. Every bad input raises ExpressionError and nothing else.
 */
import type { JsonObject } from "../domain/entities.ts";
import type { PathSegment } from "./ast.ts";
import { type CompileState, compileNode } from "./compile.ts";
import type { ExpressionContext } from "./context.ts";
import { ExpressionError } from "./errors.ts";
import type { Fail } from "./failure.ts";
import { type OrderBy, type OrderByClause, orderByComparator, parseOrderBy } from "./order-by.ts";
import { parse } from "./parser.ts";
import { extractRequirements, type Requirement } from "./requirements.ts";
import type { EvaluationEnv } from "./time.ts";

export { ExpressionError } from "./errors.ts";
export { equals as valuesEqual, indexKey } from "./operators.ts";
export type { EvaluationEnv, ExpressionContext, OrderBy, OrderByClause, Requirement };
/** Alias of OrderBy (the engine's name for it). */
export type CompiledOrderBy = OrderBy;

/** Longest accepted expression, in characters (TaskRouter's attribute documents are limited alike). */
export const MAX_EXPRESSION_LENGTH = 4096;

export interface CompileOptions {
  /** Names the expression in error messages, e.g. "TargetWorkers". Default "expression". */
  where?: string;
  /** Default "plain". */
  context?: ExpressionContext;
}

export interface CompiledExpression {
  readonly source: string;
  /**
   * Bare keys resolve against `root`. In the target context root = { task: <task attributes>,
   * worker: <worker view> }; in skipIf root = { workers: { available, unavailable, WA...: n } }.
   */
  matches(root: Readonly<JsonObject>, env?: EvaluationEnv): boolean;
  /**
   * Top-level AND-ed clauses every match satisfies (`key == const`, `key HAS const`, `const IN key`).
   * `==` uses the language's equality (a number also equals a numeric string: 2 == "2"); `HAS` means
   * the value at `path` is an array with an element equal to `value`. A necessary condition only:
   * candidates must still pass `matches`. Empty if none.
   */
  readonly requirements: readonly Requirement[];
  /** The expression is constant true (e.g. `1==1`). */
  readonly alwaysTrue: boolean;
  /** Every key path read (taskrouter.* paths included: they mark a time-dependent expression). */
  readonly paths: readonly (readonly string[])[];
  /** The expression reads taskrouter.* time variables, so its result can change with env.now. */
  readonly usesTime: boolean;
}

function failer(where: string): Fail {
  return (problem, column, expected, hint) => {
    throw new ExpressionError(problem, column, expected, where, hint);
  };
}

/** Checks size and emptiness, and turns any unforeseen internal error into an ExpressionError. */
function guarded<T>(source: unknown, where: string, body: (src: string, fail: Fail) => T): T {
  const fail = failer(where);
  if (typeof source !== "string") return fail("Invalid expression", 1, "a string");
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return fail(
      "Expression too long",
      MAX_EXPRESSION_LENGTH + 1,
      `at most ${MAX_EXPRESSION_LENGTH} characters`,
    );
  }
  if (source.trim() === "") return fail("Empty expression", 1, "an expression");
  try {
    return body(source, fail);
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    return fail("Expression could not be compiled", 1, "a simpler expression");
  }
}

export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const where = options.where ?? "expression";
  const context = options.context ?? "plain";
  return guarded(source, where, (src, fail) => {
    const tree = parse(src, fail);
    const state: CompileState = { context, fail, paths: [] };
    const compiled = compileNode(tree, state);
    const requirements = extractRequirements(tree, state);
    const paths = uniquePaths(state.paths);
    const matches = compiled.kind === "predicate" ? compiled.test : compiled.value ? () => true : () => false;
    return {
      source: src,
      matches,
      requirements,
      alwaysTrue: compiled.kind === "const" && compiled.value,
      paths,
      usesTime: paths.some((p) => p[0] === "taskrouter"),
    };
  });
}

export function compileOrderBy(source: string, options: { where?: string } = {}): OrderBy {
  return guarded(source, options.where ?? "order_by", (src, fail) => {
    const clauses = parseOrderBy(src, fail);
    return { source: src, clauses, compare: orderByComparator(clauses) };
  });
}

/** Paths as strings (an index segment `[2]` becomes "2"), de-duplicated, in order of appearance. */
function uniquePaths(paths: PathSegment[][]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const p of paths) {
    const strings = p.map(String);
    const id = JSON.stringify(strings);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(strings);
    }
  }
  return out;
}

/**
 * Requirements: the top-level AND-ed clauses every match must satisfy, for the engine to index
 * candidates before running the full predicate. Sound, not complete: a clause is reported only
 * when no document failing it can match. Recognised forms (operands may be swapped for `==`):
 *   key == const      key HAS const      key HAS [c1, c2]  (one requirement per element)
 *   const IN key      (reported as key HAS const)
 * where const is a string, number or boolean. Skipped: taskrouter.* variables (not in the
 * document), a double-quoted left string that spells a key (it may read the document: see
 * context.ts), and a quoted key compared with its own name (`"x" == "x"` holds when x is missing).
 */
import type { JsonValue } from "../domain/entities.ts";
import type { Node, Operand, PathSegment } from "./ast.ts";
import { type CompileState, type Resolved, resolveOperand } from "./compile.ts";
import { equals } from "./operators.ts";

export interface Requirement {
  path: readonly string[];
  op: "==" | "HAS";
  value: string | number | boolean;
}

type RequiredValue = string | number | boolean;
const isRequirable = (v: JsonValue): v is RequiredValue =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";

export function extractRequirements(root: Node, state: CompileState): Requirement[] {
  const out: Requirement[] = [];
  const visit = (node: Node): void => {
    if (node.kind === "and") for (const item of node.items) visit(item);
    else if (node.kind === "compare") clause(node.op, node.left, node.right, state, out);
  };
  visit(root);
  return out;
}

function clause(
  op: string,
  leftOp: Operand,
  rightOp: Operand,
  state: CompileState,
  out: Requirement[],
): void {
  // Resolution is repeated here only for classification; collected paths are discarded.
  const scratch: CompileState = { ...state, paths: [] };
  const left = resolveOperand(leftOp, true, scratch);
  const right = resolveOperand(rightOp, false, scratch);
  const push = (key: Resolved, o: "==" | "HAS", value: JsonValue): void => {
    if (key.kind !== "read" || key.time || !isRequirable(value)) return;
    if (key.quoted !== undefined && equals(key.quoted, value)) return;
    const path = stringPath(key.path);
    if (path !== undefined) out.push({ path, op: o, value });
  };
  if (op === "==") {
    if (right.kind === "const") push(left, "==", right.value);
    else if (left.kind === "const") push(right, "==", left.value);
  } else if (op === "HAS" && right.kind === "const") {
    if (Array.isArray(right.value)) for (const v of right.value) push(left, "HAS", v);
    else push(left, "HAS", right.value);
  } else if (op === "IN" && left.kind === "const") {
    push(right, "HAS", left.value);
  }
}

/** Requirements carry string paths only; a path with an array index is not indexable. */
function stringPath(path: PathSegment[]): string[] | undefined {
  return path.every((s): s is string => typeof s === "string") ? path : undefined;
}

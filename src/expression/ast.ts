/** The parsed form of an expression. Compiled once into closures (compile.ts); never walked per evaluation. */
import type { JsonValue } from "../domain/entities.ts";

/** Comparison operators after aliases are folded: `=` → `==`, `>-` → `HAS`, `<-` → `IN`. */
export type Operator = "==" | "!=" | ">" | ">=" | "<" | "<=" | "CONTAINS" | "HAS" | "IN" | "NOT IN";

export type PathSegment = string | number;

export type Operand =
  /** A literal: string, number, boolean, null or array of those. `doubleQuoted` marks "..." strings. */
  | { kind: "const"; value: JsonValue; doubleQuoted: boolean; column: number; text: string }
  /** A bare key path such as `worker.skills[0]`. */
  | { kind: "key"; path: PathSegment[]; column: number; text: string };

export type Node =
  | { kind: "and"; items: Node[] }
  | { kind: "or"; items: Node[] }
  | { kind: "compare"; op: Operator; left: Operand; right: Operand; column: number };

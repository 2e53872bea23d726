/**
 * Which keys an expression may use, per context, and how a key becomes a reader:
 * - plain (TargetWorkers, filter expressions, list filters): any key, read from the document.
 * - target (a workflow target's `expression`): keys start with `task.` or `worker.`; the root is
 *   `{ task, worker }`. An unprefixed key is a compile-time error.
 * - skipIf: `workers.available`, `workers.unavailable`, `workers.<ActivitySid>` only.
 * In every context `taskrouter.currentTime|currentHour|currentMin|dayOfWeek` read the clock (time.ts).
 *
 * A double-quoted string on the LEFT of an operator (`"skills" HAS "english"`) is TaskRouter's
 * quoted key: when its text is a key path valid in the context and the document has that key, it
 * reads the key; otherwise it is the string itself. In the target context an unprefixed quoted
 * key names a worker attribute (`"skills" IN task.required_skills` reads `worker.skills`).
 */
import type { JsonValue } from "../domain/entities.ts";
import type { PathSegment } from "./ast.ts";
import { type Fail, quoteText } from "./failure.ts";
import { formatPath, pathReader, presenceReader, type Root } from "./paths.ts";
import { type EvaluationEnv, TIME_VARIABLE_NAMES, timeVariable } from "./time.ts";
import { tokenize } from "./tokens.ts";

export type ExpressionContext = "plain" | "target" | "skipIf";
export type EnvReader = (root: Root, env?: EvaluationEnv) => JsonValue;

export interface ResolvedKey {
  path: PathSegment[];
  read: EnvReader;
  /** Reads the clock rather than the document. */
  time: boolean;
}

const ACTIVITY_SID = /^WA[0-9A-Za-z]+$/;

/** Why a path is not allowed in a context (with what was expected), or undefined if it is. */
function rejection(
  path: PathSegment[],
  context: ExpressionContext,
): { problem: string; expected: string } | undefined {
  const [first, second] = path;
  const text = quoteText(formatPath(path));
  if (first === "taskrouter") {
    if (path.length === 2 && typeof second === "string" && TIME_VARIABLE_NAMES.includes(second))
      return undefined;
    return {
      problem: `Unknown variable ${text}`,
      expected: `one of ${TIME_VARIABLE_NAMES.map((n) => `taskrouter.${n}`).join(", ")}`,
    };
  }
  if (context === "target" && ((first !== "task" && first !== "worker") || path.length < 2)) {
    return {
      problem: `Unprefixed key ${text}`,
      expected:
        "a key starting with task., worker. or taskrouter. (target expressions must prefix every key)",
    };
  }
  if (context === "skipIf") {
    const ok =
      first === "workers" &&
      path.length === 2 &&
      typeof second === "string" &&
      (second === "available" || second === "unavailable" || ACTIVITY_SID.test(second));
    if (!ok)
      return {
        problem: `Unknown variable ${text}`,
        expected: "workers.available, workers.unavailable, workers.<ActivitySid> or taskrouter.*",
      };
  }
  return undefined;
}

/** Whether a key path may be read in a context. */
export function keyAllowed(path: PathSegment[], context: ExpressionContext): boolean {
  return rejection(path, context) === undefined;
}

function timeReader(path: PathSegment[]): EnvReader {
  const read = timeVariable(path[1] as string);
  if (read === undefined) throw new Error(`not a time variable: ${formatPath(path)}`);
  return (_root, env) => read(env);
}

/** A bare key: checked against the context, failing at the key's column when it is not allowed. */
export function resolveKey(
  path: PathSegment[],
  column: number,
  context: ExpressionContext,
  fail: Fail,
): ResolvedKey {
  const problem = rejection(path, context);
  if (problem !== undefined) fail(problem.problem, column, problem.expected);
  if (path[0] === "taskrouter") return { path, read: timeReader(path), time: true };
  return { path, read: pathReader(path), time: false };
}

/** A double-quoted left operand: a key reader with the string as fallback, or undefined if it cannot be a key. */
export function resolveQuotedKey(text: string, context: ExpressionContext): ResolvedKey | undefined {
  let path = parseKeyPath(text);
  if (path === undefined) return undefined;
  if (context === "target" && path[0] !== "task" && path[0] !== "worker" && path[0] !== "taskrouter") {
    path = ["worker", ...path];
  }
  if (rejection(path, context) !== undefined) return undefined;
  if (path[0] === "taskrouter") return { path, read: timeReader(path), time: true };
  return { path, read: fallbackReader(path, text), time: false };
}

function fallbackReader(path: PathSegment[], fallback: string): EnvReader {
  const [a, b] = path;
  if (path.length === 1 && typeof a === "string" && !(a in Object.prototype)) {
    return (root) => {
      const v = root[a];
      return v === undefined ? fallback : v;
    };
  }
  if (
    path.length === 2 &&
    typeof a === "string" &&
    typeof b === "string" &&
    !(a in Object.prototype) &&
    !(b in Object.prototype)
  ) {
    return (root) => {
      const o = root[a];
      if (o === null || typeof o !== "object" || Array.isArray(o)) return fallback;
      const v = o[b];
      return v === undefined ? fallback : v;
    };
  }
  const read = presenceReader(path);
  return (root) => {
    const v = read(root);
    return v === undefined ? fallback : v;
  };
}

class NotAKey extends Error {}
const notAKey = (): never => {
  throw new NotAKey();
};
const KEYWORDS = new Set(["AND", "OR", "IN", "NOT", "HAS", "CONTAINS", "TRUE", "FALSE", "NULL"]);

/** The key path a quoted string spells, if it spells exactly one bare key. */
export function parseKeyPath(text: string): PathSegment[] | undefined {
  if (text.length === 0 || text.length > 512) return undefined;
  try {
    const tokens = tokenize(text, notAKey);
    const t = tokens[0];
    if (tokens.length !== 2 || t === undefined || t.kind !== "word" || t.text !== text) return undefined;
    if (KEYWORDS.has(text.toUpperCase())) return undefined;
    return t.path;
  } catch (e) {
    if (e instanceof NotAKey) return undefined;
    throw e;
  }
}

/**
 * The document a TargetWorkersExpression filter reads for one worker: its attributes plus its own
 * fields `sid`, `friendly_name`, `activity_sid` and `activity_name` (the fields win over same-named
 * attributes). Built once per worker version and reused by every list request: a filtered list over
 * 10,000 workers allocates nothing per worker. The engine changes Worker objects in place, so an
 * entry is reused only while everything it was built from is unchanged (the version, the attributes
 * object, the name, the activity and the activity's name).
 */
import type { JsonObject, JsonValue, Worker } from "../../domain/entities.ts";
import { type Requirement, valuesEqual } from "../../expression/index.ts";

interface Entry {
  version: number;
  attrs: JsonObject;
  friendlyName: string;
  activitySid: string;
  activityName: string | undefined;
  document: JsonObject;
}

/** Keyed by the engine's Worker object: a resynced engine's new objects get new entries. */
const cache = new WeakMap<Worker, Entry>();

export function workerDocument(w: Worker, activityName: string | undefined): JsonObject {
  const entry = cache.get(w);
  if (
    entry !== undefined &&
    entry.version === w.version &&
    entry.attrs === w.attrs &&
    entry.friendlyName === w.friendlyName &&
    entry.activitySid === w.activitySid &&
    entry.activityName === activityName
  ) {
    return entry.document;
  }
  const document: JsonObject = {
    ...w.attrs,
    sid: w.sid,
    friendly_name: w.friendlyName,
    activity_sid: w.activitySid,
    activity_name: activityName ?? null,
  };
  cache.set(w, {
    version: w.version,
    attrs: w.attrs,
    friendlyName: w.friendlyName,
    activitySid: w.activitySid,
    activityName,
    document,
  });
  return document;
}

/**
 * The compiled expression's requirements (necessary conditions, see src/expression/requirements.ts)
 * checked first: a worker failing one cannot match, so the full predicate is skipped for it.
 */
export function meetsRequirements(document: JsonObject, requirements: readonly Requirement[]): boolean {
  for (const requirement of requirements) {
    let value: JsonValue | undefined = document;
    for (const key of requirement.path) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        value = undefined;
        break;
      }
      value = value[key];
    }
    if (value === undefined) return false;
    if (requirement.op === "==") {
      if (!valuesEqual(value, requirement.value)) return false;
    } else if (!Array.isArray(value) || !value.some((item) => valuesEqual(item, requirement.value))) {
      return false;
    }
  }
  return true;
}

/**
 * Whether a document matched an expression, remembered per expression text (a few of them, the
 * oldest goes first) and per document object: an unchanged worker keeps its document object
 * (workerDocument), so under steady writes a filtered list re-evaluates only the workers that
 * changed. Only for expressions that do not read the time.
 */
const MEMO_EXPRESSIONS = 32;
const memos = new Map<string, WeakMap<JsonObject, boolean>>();

export function matchMemo(expressionText: string): WeakMap<JsonObject, boolean> {
  let memo = memos.get(expressionText);
  if (memo !== undefined) {
    memos.delete(expressionText);
  } else {
    memo = new WeakMap();
    if (memos.size >= MEMO_EXPRESSIONS) {
      const oldest = memos.keys().next().value;
      if (oldest !== undefined) memos.delete(oldest);
    }
  }
  memos.set(expressionText, memo);
  return memo;
}

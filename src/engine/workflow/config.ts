/**
 * Workflow configuration: parsing and validation of the `task_routing` document into compiled form.
 *
 *   { "task_routing": { "filters": [ { "filter_friendly_name", "expression", "targets": [target…] } ],
 *                       "default_filter": target } }
 *   target = { queue, priority?, timeout?, expression?, order_by?, skip_if?,
 *              known_worker_sid? | known_worker_friendly_name? }
 *
 * Rules: the first target of a filter names a queue, later ones inherit the previous queue; numbers
 * may arrive as strings; `known_worker_sid` and `known_worker_friendly_name` are exclusive and hold a
 * task attribute reference such as "task.agent_sid". Every error names its place in the document.
 */
import { invalidParameter, tooLarge } from "../../domain/errors.ts";
import {
  type CompiledExpression,
  type CompiledOrderBy,
  compileExpression,
  compileOrderBy,
} from "../../expression/index.ts";
import { MAX_PRIORITY } from "../validation/params.ts";

export const MAX_CONFIGURATION_BYTES = 1_038_576;

export interface TargetConfig {
  queueSid: string;
  priority: number | null;
  /** Seconds, null = final step. */
  timeout: number | null;
  expression: CompiledExpression | null;
  orderBy: CompiledOrderBy | null;
  skipIf: CompiledExpression | null;
  /** Path into the task attributes (after `task.`) naming the known worker, by SID or by name. */
  knownWorker: { by: "sid" | "friendlyName"; path: string[] } | null;
}

export interface FilterConfig {
  name: string | null;
  expression: CompiledExpression;
  targets: TargetConfig[];
}

export interface WorkflowConfig {
  filters: FilterConfig[];
  defaultFilter: TargetConfig | null;
  /** Every queue the configuration routes to. */
  queueSids: Set<string>;
}

type Obj = Record<string, unknown>;

function fail(where: string, problem: string): never {
  throw invalidParameter("Configuration", `${where} ${problem}`);
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function optionalInt(where: string, v: unknown, min: number, max: number): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    fail(where, `must be an integer between ${min} and ${max} (got ${JSON.stringify(v)})`);
  }
  return n;
}

function optionalString(where: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") fail(where, "must be a string");
  return v.trim() === "" ? null : v;
}

function knownWorkerOf(where: string, t: Obj): TargetConfig["knownWorker"] {
  const bySid = t.known_worker_sid;
  const byName = t.known_worker_friendly_name;
  if (bySid !== undefined && byName !== undefined) {
    fail(where, "may set known_worker_sid or known_worker_friendly_name, not both");
  }
  const raw = bySid ?? byName;
  if (raw === undefined || raw === null) return null;
  const key = bySid !== undefined ? "known_worker_sid" : "known_worker_friendly_name";
  if (typeof raw !== "string" || !/^task\.[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(raw.trim())) {
    fail(`${where}.${key}`, `must be a task attribute reference such as "task.agent_sid"`);
  }
  return { by: bySid !== undefined ? "sid" : "friendlyName", path: raw.trim().split(".").slice(1) };
}

function parseTarget(
  where: string,
  t: unknown,
  inherited: string | null,
  queueExists: (sid: string) => boolean,
): TargetConfig {
  if (!isObj(t)) fail(where, "must be an object");
  const queue = optionalString(`${where}.queue`, t.queue) ?? inherited;
  if (queue === null) fail(`${where}.queue`, "is required");
  if (!queueExists(queue)) fail(`${where}.queue`, `names TaskQueue ${queue}, which does not exist`);
  const expression = optionalString(`${where}.expression`, t.expression);
  const orderBy = optionalString(`${where}.order_by`, t.order_by);
  const skipIf = optionalString(`${where}.skip_if`, t.skip_if);
  return {
    queueSid: queue,
    priority: optionalInt(`${where}.priority`, t.priority, 0, MAX_PRIORITY),
    timeout: optionalInt(`${where}.timeout`, t.timeout, 1, MAX_PRIORITY),
    expression:
      expression === null
        ? null
        : compileExpression(expression, { where: `${where}.expression`, context: "target" }),
    orderBy: orderBy === null ? null : compileOrderBy(orderBy, { where: `${where}.order_by` }),
    skipIf:
      skipIf === null ? null : compileExpression(skipIf, { where: `${where}.skip_if`, context: "skipIf" }),
    knownWorker: knownWorkerOf(where, t),
  };
}

/** Parse and validate `raw`; `queueExists` tells which TaskQueue SIDs are valid. */
export function parseWorkflowConfig(raw: string, queueExists: (sid: string) => boolean): WorkflowConfig {
  if (new TextEncoder().encode(raw).length > MAX_CONFIGURATION_BYTES) {
    throw tooLarge("Configuration", MAX_CONFIGURATION_BYTES);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (error) {
    throw invalidParameter("Configuration", `is not valid JSON (${(error as Error).message})`);
  }
  if (!isObj(doc) || !isObj(doc.task_routing))
    fail("document", "must be an object with a task_routing object");
  const routing = doc.task_routing;
  const rawFilters = routing.filters ?? [];
  if (!Array.isArray(rawFilters)) fail("task_routing.filters", "must be an array");
  const queueSids = new Set<string>();
  const filters = rawFilters.map((f, i): FilterConfig => {
    const where = `task_routing.filters[${i}]`;
    if (!isObj(f)) fail(where, "must be an object");
    const source = optionalString(`${where}.expression`, f.expression);
    if (source === null) fail(`${where}.expression`, "is required");
    if (!Array.isArray(f.targets) || f.targets.length === 0)
      fail(`${where}.targets`, "must be a non-empty array");
    let inherited: string | null = null;
    const targets = f.targets.map((t, j) => {
      const target = parseTarget(`${where}.targets[${j}]`, t, inherited, queueExists);
      inherited = target.queueSid;
      queueSids.add(target.queueSid);
      return target;
    });
    return {
      name: optionalString(`${where}.filter_friendly_name`, f.filter_friendly_name),
      expression: compileExpression(source, { where: `${where}.expression`, context: "plain" }),
      targets,
    };
  });
  let defaultFilter: TargetConfig | null = null;
  if (routing.default_filter !== undefined && routing.default_filter !== null) {
    defaultFilter = parseTarget("task_routing.default_filter", routing.default_filter, null, queueExists);
    queueSids.add(defaultFilter.queueSid);
  }
  return { filters, defaultFilter, queueSids };
}

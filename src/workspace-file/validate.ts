/**
 * Schema validation of a parsed workspace file with ajv, each error turned into a Problem at the
 * offending line and column with what was expected there.
 */
import { Ajv, type ErrorObject } from "ajv";
import { WORKSPACE_FILE_SCHEMA } from "./schema.ts";
import type { Path, Problem, SourceFile } from "./source.ts";

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true });
const validateSchema = ajv.compile(WORKSPACE_FILE_SCHEMA);

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeType(type: unknown): string {
  const list = (Array.isArray(type) ? type : [type]).map(String);
  const words = list.map((t) =>
    t === "null" ? "null" : t === "integer" || t === "array" || t === "object" ? `an ${t}` : `a ${t}`,
  );
  return words.join(" or ");
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function toProblem(source: SourceFile, e: ErrorObject): Problem {
  const path: Path = pathOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return source.problem(
        [...path, key],
        `unknown key "${key}": expected one of ${allowed.join(", ")}`,
        "key",
      );
    }
    case "required":
      return source.problem(path, `missing required key "${String(params.missingProperty)}"`);
    case "type":
      return source.problem(path, `expected ${describeType(params.type)}, got ${kindOf(e.data)}`);
    case "enum":
      return source.problem(
        path,
        `expected one of ${(params.allowedValues as unknown[]).map(String).join(", ")}, got ${kindOf(e.data)}`,
      );
    case "pattern":
      return source.problem(path, `expected an absolute http(s) URL, got ${kindOf(e.data)}`);
    case "minLength":
      return source.problem(path, "expected a non-empty string");
    default:
      return source.problem(
        path,
        `expected a value that ${e.message ?? "matches the schema"}`.replace("that must", "must"),
      );
  }
}

/** Problems with the file's shape (empty when it fits the schema). */
export function schemaProblems(source: SourceFile): Problem[] {
  if (validateSchema(source.data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validateSchema.errors ?? []) {
    const p = toProblem(source, e);
    const id = `${p.line}:${p.column}:${p.where}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return problems;
}

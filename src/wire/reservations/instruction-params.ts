/**
 * Checks the instruction fields of a reservation update against their types (instruction-fields.ts)
 * and collects the ones present as `instructionParams`: PascalCase keys, the raw strings (arrays for
 * repeated fields). A field of the wrong type is a 400 naming it.
 */
import { invalidParameter } from "../../domain/errors.ts";
import type { Params } from "../params.ts";
import { isHttpUrl } from "../url-param.ts";
import { type FieldKind, INSTRUCTION_FIELDS, TASK_VIEW_ONLY_FIELDS } from "./instruction-fields.ts";

export function instructionParams(b: Params, view: "task" | "worker"): Record<string, string | string[]> {
  const fields = view === "task" ? { ...INSTRUCTION_FIELDS, ...TASK_VIEW_ONLY_FIELDS } : INSTRUCTION_FIELDS;
  const out: Record<string, string | string[]> = {};
  for (const [name, kind] of Object.entries(fields)) {
    if (!b.has(name)) continue;
    out[name] = checked(b, name, kind);
  }
  return out;
}

function checked(b: Params, name: string, field: FieldKind): string | string[] {
  switch (field.kind) {
    case "stringArray":
      return b.list(name) ?? [];
    case "enumArray": {
      const values = b.list(name) ?? [];
      for (const v of values) {
        if (!field.values.includes(v)) {
          throw invalidParameter(
            name,
            `expected each value to be one of ${field.values.join(", ")}, got "${v}"`,
          );
        }
      }
      return values;
    }
    case "integer":
      b.integer(name, { min: field.min ?? 0, max: field.max ?? 2_147_483_647 });
      break;
    case "boolean": {
      const v = b.string(name)?.toLowerCase() ?? "";
      if (!["true", "false", "1", "0", "yes", "no"].includes(v)) {
        throw invalidParameter(name, `expected true or false, got "${b.string(name)}"`);
      }
      break;
    }
    case "sid":
      b.sid(name, field.prefix);
      break;
    case "enum":
      b.enumOf(name, field.values);
      break;
    case "uri": {
      const v = b.string(name) ?? "";
      if (!isHttpUrl(v)) throw invalidParameter(name, `expected an absolute http(s) URL, got "${v}"`);
      break;
    }
    case "string":
      break;
  }
  return b.string(name) ?? "";
}

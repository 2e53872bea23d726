/**
 * OpenAPI 3.0 -> 3.1 for the schemas of Twilio's spec: `nullable: true` becomes a `"null"` member of
 * `type` (3.1 is JSON Schema 2020-12, which has no `nullable`). Nothing else in the TaskRouter spec
 * differs between the two versions.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function toOpenApi31(node: Json): Json {
  if (Array.isArray(node)) return node.map(toOpenApi31);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    out[key] = toOpenApi31(value);
  }
  if (node.nullable === true) {
    const type = out.type;
    if (typeof type === "string") out.type = [type, "null"];
    else if (Array.isArray(type)) out.type = [...type, "null"];
    else if (out.$ref !== undefined) return { anyOf: [{ $ref: out.$ref }, { type: "null" }] };
  }
  return out;
}

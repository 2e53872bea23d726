/**
 * GET /openapi.json: one OpenAPI 3.1 document of everything Tasklane serves. The TaskRouter v1 paths
 * are Twilio's own spec (twilio/twilio-oai, spec/json/twilio_taskrouter_v1.json, Apache-2.0; the
 * snapshot in ../../shared/reference/SOURCES.md), converted to 3.1 and pointed at this server; the
 * rest is ./extensions.ts. Built once per public URL.
 */
import { readFileSync } from "node:fs";
import { type Json, toOpenApi31 } from "./convert.ts";
import { fieldSchema, TASKLANE_PARAMETERS, TASKLANE_PATHS } from "./extensions.ts";

const FORM = "application/x-www-form-urlencoded";

type JsonObject = { [key: string]: Json };

let base: JsonObject | null = null;

function taskRouterSpec(): JsonObject {
  if (base === null) {
    const raw: Json = JSON.parse(
      readFileSync(new URL("./twilio_taskrouter_v1.json", import.meta.url), "utf8"),
    );
    const converted = toOpenApi31(raw);
    if (converted === null || typeof converted !== "object" || Array.isArray(converted)) {
      throw new Error("src/openapi/twilio_taskrouter_v1.json is not an OpenAPI document");
    }
    base = converted;
  }
  return base;
}

function objectAt(doc: JsonObject, key: string): JsonObject {
  const value = doc[key];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

/** Tasklane's extension parameters join the form schemas of TaskRouter's own operations. */
function addTasklaneParameters(paths: JsonObject): void {
  for (const [path, methods] of Object.entries(TASKLANE_PARAMETERS)) {
    const schema = objectAt(
      objectAt(objectAt(objectAt(objectAt(objectAt(paths, path), "post"), "requestBody"), "content"), FORM),
      "schema",
    );
    const properties = objectAt(schema, "properties");
    for (const field of methods.post) properties[field.name] = fieldSchema(field);
    schema.properties = properties;
  }
}

export function openApiDocument(publicUrl: string): JsonObject {
  const spec = taskRouterSpec();
  const paths: JsonObject = {};
  // Twilio's spec names its host on every path: Tasklane serves them all on its own URL.
  for (const [path, item] of Object.entries(objectAt(spec, "paths"))) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) continue;
    const { servers: _servers, ...rest } = item;
    paths[path] = rest;
  }
  addTasklaneParameters(paths);
  Object.assign(paths, TASKLANE_PATHS);
  const components = objectAt(spec, "components");
  return {
    openapi: "3.1.0",
    info: {
      title: "Tasklane",
      version: "1.0.0",
      description:
        "A self-hostable task router wire-compatible with Twilio TaskRouter v1. TaskRouter paths follow " +
        "Twilio's spec (twilio-oai, Apache-2.0); /tasklane/v1 paths are Tasklane extensions.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: publicUrl }],
    security: spec.security ?? [{ accountSid_authToken: [] }],
    tags: spec.tags ?? [],
    paths,
    components: {
      ...components,
      responses: {
        TasklaneError: {
          description: "An error in Twilio's shape",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["code", "message", "more_info", "status"],
                properties: {
                  code: { type: "integer" },
                  message: { type: "string" },
                  more_info: { type: "string" },
                  status: { type: "integer" },
                },
              },
            },
          },
        },
      },
    },
  };
}

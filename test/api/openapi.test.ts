/**
 * GET /openapi.json (issue 17, item 2): one OpenAPI 3.1 document of everything Tasklane serves; every
 * served route is in it and every documented operation is served.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedRoutes } from "../../src/api/route-table.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

type Doc = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
};

const METHODS = ["get", "post", "delete", "put", "patch", "options"];

/** `/v1/Workspaces/:WorkspaceSid/Keys/:Sid.json` -> `/v1/Workspaces/{}/Keys/{}.json` */
function shape(url: string): string {
  return url
    .replace(/:[A-Za-z]+/g, "{}")
    .replace(/\{[A-Za-z]+\}/g, "{}")
    .replace(/\/\*$/, "/{}");
}

describe("OpenAPI document", () => {
  let t: TestServer;
  let doc: Doc;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
    const res = await fetch(`${t.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(() => t.close());

  it("is OpenAPI 3.1 on this server's URL, served without credentials", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: t.baseUrl }]);
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
    // Twilio's spec names its host on every path; here every path is served by the document's server.
    expect(Object.values(doc.paths).filter((item) => "servers" in item)).toEqual([]);
  });

  it("lists Tasklane's extension parameters on TaskRouter's own operations", () => {
    const formProperties = (path: string) => {
      const post = doc.paths[path]?.post as {
        requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
      };
      return Object.keys(
        post.requestBody.content["application/x-www-form-urlencoded"]?.schema.properties ?? {},
      );
    };
    for (const path of ["/v1/Workspaces", "/v1/Workspaces/{Sid}"]) {
      expect(formProperties(path)).toEqual(
        expect.arrayContaining([
          "FriendlyName",
          "TasklaneMaxAssigned",
          "TasklaneMaxAssignedAction",
          "TasklaneChannelRules",
        ]),
      );
    }
    for (const path of [
      "/v1/Workspaces/{WorkspaceSid}/TaskChannels",
      "/v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid}",
    ]) {
      expect(formProperties(path)).toEqual(expect.arrayContaining(["FriendlyName", "TasklaneWrapUpLimit"]));
    }
  });

  it("documents every route the server serves", () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m.toUpperCase()} ${shape(path)}`),
      ),
    );
    const served = servedRoutes(t.server.app)
      .filter((r) => r.method !== "HEAD")
      // The SDK endpoint takes any path under /v1/wschannels (ebServer is used as given).
      .filter((r) => r.url !== "/v1/wschannels/*")
      .map((r) => `${r.method} ${shape(r.url)}`);
    expect(served.length).toBeGreaterThan(60);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
  });

  it("serves every documented operation", () => {
    const app = t.server.app;
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) {
        // Fastify names a catch-all `*`: `/console/{path}` is served by `/console/*`.
        const url = path.replace(/\{(path|file)\}$/, "*").replace(/\{([A-Za-z]+)\}/g, ":$1");
        // The websocket upgrade is not a Fastify route: it is handled on the server's upgrade event.
        if (path === "/v1/wschannels" && method === "get") continue;
        if (!app.hasRoute({ method: method.toUpperCase() as "GET", url })) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

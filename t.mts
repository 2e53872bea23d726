import { startTestServer } from "./test/support/server.ts";

const t = await startTestServer({ database: "memory" });
const app = t.server.app;
console.log(
  app.hasRoute({ method: "GET", url: "/v1/Workspaces/:WorkspaceSid/Activities" }),
  app.hasRoute({ method: "GET", url: "/v1/Workspaces/:Foo/Activities" }),
  app.hasRoute({ method: "GET", url: "/v1/Workspaces/:Sid" }),
  app.hasRoute({ method: "GET", url: "/v1/Workspaces/:WorkspaceSid" }),
);
const r = await fetch(t.baseUrl + "/openapi.json");
const d = await r.json();
console.log(r.status, Object.keys(d.paths).length, JSON.stringify(d).includes("nullable"));
await t.close();

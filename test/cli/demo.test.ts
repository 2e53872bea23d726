/**
 * `tasklane demo` on a fresh server: the seven .env variables, which the seed's handlers then use
 * unchanged; a second run finds the same Workspace and changes nothing.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEMO_FILE } from "../../src/cli/demo.ts";
import { WORKSPACE_FILE_SCHEMA } from "../../src/workspace-file/schema.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { runCli } from "./run-cli.ts";

const VARIABLES = [
  "TWILIO_TASKROUTER_WORKSPACE_SID",
  "TWILIO_TASKROUTER_WORKFLOW_SID",
  "ACTIVITY_AVAILABLE_SID",
  "ACTIVITY_OFFLINE_SID",
  "ACTIVITY_BREAK_SID",
  "ACTIVITY_BUSY_SID",
  "AFTER_CALL_ACTIVITY_SID",
];

function envLines(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const [key, value] = line.split("=", 2);
    if (key !== undefined && value !== undefined) out[key] = value;
  }
  return out;
}

describe("tasklane demo", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("the bundled file is valid against the published JSON Schema (ajv)", () => {
    const ajv = new Ajv({ allowUnionTypes: true });
    const validate = ajv.compile(WORKSPACE_FILE_SCHEMA);
    const ok = validate(parse(readFileSync(DEMO_FILE, "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("prints the seven variables as .env lines, and the seed's handlers run with them unchanged", async () => {
    const first = await runCli(t, ["demo"]);
    expect(first.stderr).toContain('Created Workspace "Contact Centre Demo"');
    expect(first.code).toBe(0);
    const env = envLines(first.stdout);
    expect(Object.keys(env)).toEqual(VARIABLES);
    expect(first.stdout).toContain("# Try next:");

    const client = t.client;
    const ws = client.taskrouter.v1.workspaces(env.TWILIO_TASKROUTER_WORKSPACE_SID ?? "");
    expect((await ws.fetch()).friendlyName).toBe("Contact Centre Demo");
    expect((await ws.workflows(env.TWILIO_TASKROUTER_WORKFLOW_SID ?? "").fetch()).friendlyName).toBe(
      "Contact Centre Routing",
    );
    const names = await Promise.all(
      VARIABLES.slice(2).map(async (v) => (await ws.activities(env[v] ?? "").fetch()).friendlyName),
    );
    expect(names).toEqual(["Available", "Offline", "Break", "Busy", "After Call Work"]);

    // The seed's "Worker Activity Management" handler, verbatim, with the demo's variables.
    const context = Object.assign({ getTwilioClient: () => client }, env);
    const activityHandler = async (
      context: Record<string, unknown> & { getTwilioClient: () => typeof client },
      event: { workerSid: string; activity: string },
      callback: (error: unknown, result: unknown) => void,
    ) => {
      const client = context.getTwilioClient();
      const workspace = client.taskrouter.v1.workspaces(context.TWILIO_TASKROUTER_WORKSPACE_SID as string);
      const { workerSid, activity } = event;
      const activityMap: Record<string, unknown> = {
        available: context.ACTIVITY_AVAILABLE_SID,
        offline: context.ACTIVITY_OFFLINE_SID,
        break: context.ACTIVITY_BREAK_SID,
        busy: context.ACTIVITY_BUSY_SID,
      };
      await workspace.workers(workerSid).update({ activitySid: activityMap[activity] as string });
      return callback(null, { success: true });
    };
    const [carmen] = await ws.workers.list({ friendlyName: "Carmen" });
    let result: unknown;
    await activityHandler(context, { workerSid: carmen?.sid ?? "", activity: "break" }, (_e, r) => {
      result = r;
    });
    expect(result).toEqual({ success: true });
    expect((await ws.workers(carmen?.sid ?? "").fetch()).activityName).toBe("Break");

    // The seed's task creation: an English support task reaches Alice or Bob.
    const task = await ws.tasks.create({
      workflowSid: context.TWILIO_TASKROUTER_WORKFLOW_SID ?? "",
      attributes: JSON.stringify({
        type: "support",
        language: "english",
        priority: 1,
        customerId: "cust-123",
      }),
      timeout: 3600,
    });
    const [reservation] = await ws.tasks(task.sid).reservations.list();
    expect(["Alice", "Bob"]).toContain(reservation?.workerName);
    // The seed's assignment callback answer uses AFTER_CALL_ACTIVITY_SID as post-work activity.
    const call = await ws.tasks.create({
      workflowSid: context.TWILIO_TASKROUTER_WORKFLOW_SID ?? "",
      attributes: JSON.stringify({ type: "call", language: "english" }),
    });
    expect(call.taskQueueFriendlyName).toBe("English");
    expect((await ws.activities(context.AFTER_CALL_ACTIVITY_SID ?? "").fetch()).available).toBe(false);

    const second = await runCli(t, ["demo"]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("No changes");
    expect(envLines(second.stdout).TWILIO_TASKROUTER_WORKSPACE_SID).toBe(env.TWILIO_TASKROUTER_WORKSPACE_SID);
    const named = await client.taskrouter.v1.workspaces.list({ friendlyName: "Contact Centre Demo" });
    expect(named).toHaveLength(1);
  });
});

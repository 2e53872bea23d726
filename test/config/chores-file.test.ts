/**
 * The chores' settings in a workspace file: the schema takes them, plan orders the channel rules
 * after the channels they name, apply sets them through the REST API, export writes them back
 * (and leaves them out when off), and a second apply changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestClient } from "../../src/cli/rest-client.ts";
import { applyFile } from "../../src/workspace-file/apply.ts";
import { exportWorkspace } from "../../src/workspace-file/export.ts";
import { makePlan } from "../../src/workspace-file/plan.ts";
import { parseWorkspaceFile } from "../../src/workspace-file/read-file.ts";
import { findWorkspace, readRemote } from "../../src/workspace-file/remote.ts";
import { WorkspaceFileError } from "../../src/workspace-file/source.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const FILE = `workspace:
  friendly_name: Chores
  tasklane_max_assigned: 7200
  tasklane_max_assigned_action: complete
  tasklane_channel_rules:
    - { while: chat, block: [voice, email] }
task_channels:
  - unique_name: chat
    friendly_name: Chat
  - unique_name: email
    friendly_name: Email
    tasklane_wrap_up_limit: 300
  - unique_name: voice
    friendly_name: Voice
    tasklane_wrap_up_limit: 60
`;

describe("chores in workspace files", () => {
  let t: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
    api = new RestClient(t.baseUrl, t.accountSid, t.authToken);
  });
  afterAll(() => t.close());

  it("plans the channel rules after the channels they name", () => {
    const plan = makePlan({ ...parseWorkspaceFile("c.yaml", FILE), remote: null, prune: false });
    expect(plan.problems).toEqual([]);
    const steps = plan.changes.map(
      (c) => `${c.action} ${c.resource} ${c.name} ${c.fields.map((f) => f.field).join(",")}`,
    );
    const email = steps.findIndex((s) => s.startsWith("create task_channels email"));
    const rules = steps.findIndex((s) => s.includes("tasklane_channel_rules"));
    expect(email).toBeGreaterThan(0);
    expect(rules).toBeGreaterThan(email);
    expect(steps[0]).toContain("tasklane_max_assigned");
  });

  it("applies, exports and re-applies the settings without changes", async () => {
    await applyFile(api, parseWorkspaceFile("c.yaml", FILE), { prune: false });
    const settings = await findWorkspace(api, "Chores");
    expect(settings).toMatchObject({
      tasklane_max_assigned: 7200,
      tasklane_max_assigned_action: "complete",
      tasklane_channel_rules: JSON.stringify([{ while: "chat", block: ["voice", "email"] }]),
    });
    const remote = await readRemote(api, settings ?? {}, { workers: false });
    expect(remote.task_channels.find((c) => c.unique_name === "voice")).toMatchObject({
      tasklane_wrap_up_limit: 60,
    });
    const again = makePlan({ ...parseWorkspaceFile("c.yaml", FILE), remote, prune: false });
    expect(again.changes).toEqual([]);
    const exported = exportWorkspace(remote, { workers: false });
    expect(exported).toContain("tasklane_max_assigned: 7200");
    expect(exported).toContain("tasklane_wrap_up_limit: 60");
    expect(exported).toMatch(/tasklane_channel_rules:\n\s+- while: chat\n\s+block: \[voice, email\]/);
    expect(exported).not.toContain("tasklane_wrap_up_limit: null");

    // Removing the lines turns the chores off again.
    const off = FILE.split("\n")
      .filter((line) => !line.includes("tasklane_") && !line.includes("{ while:"))
      .join("\n");
    const plan = makePlan({ ...parseWorkspaceFile("c.yaml", off), remote, prune: false });
    expect(
      plan.changes.flatMap((c) => c.fields.map((f) => `${f.field}=${JSON.stringify(f.to)}`)).sort(),
    ).toEqual([
      "tasklane_channel_rules=null",
      "tasklane_max_assigned=null",
      'tasklane_max_assigned_action="flag"',
      "tasklane_wrap_up_limit=null",
      "tasklane_wrap_up_limit=null",
    ]);
    await applyFile(api, parseWorkspaceFile("c.yaml", off), { prune: false });
    const cleared = await findWorkspace(api, "Chores");
    expect(Object.keys(cleared ?? {}).filter((k) => k.startsWith("tasklane"))).toEqual([
      "tasklane_max_assigned_action",
    ]);
    expect(
      exportWorkspace(await readRemote(api, cleared ?? {}, { workers: false }), { workers: false }),
    ).not.toContain("tasklane_");
  });

  it("the schema refuses bad values at their line", () => {
    const bad = FILE.replace("tasklane_max_assigned: 7200", "tasklane_max_assigned: 0");
    expect(() => parseWorkspaceFile("c.yaml", bad)).toThrow(WorkspaceFileError);
    expect(() => parseWorkspaceFile("c.yaml", bad)).toThrow(/c\.yaml:3:\d+.*tasklane_max_assigned|c\.yaml:3/);
    const unknownKey = FILE.replace(
      "{ while: chat, block: [voice, email] }",
      "{ while: chat, stop: [voice] }",
    );
    expect(() => parseWorkspaceFile("c.yaml", unknownKey)).toThrow(/stop/);
  });
});

/**
 * plan / apply / export through the real CLI process against real servers: idempotence, a
 * readable plan, prune, and export → apply to an empty server → export giving the same file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { runCli } from "./run-cli.ts";

const FILE = `workspace:
  friendly_name: Support
  event_callback_url: http://127.0.0.1:9/events
  default_activity: Offline
activities:
  - friendly_name: Offline
    available: false
  - friendly_name: Available
  - friendly_name: Busy
    available: false
task_channels:
  - unique_name: default
    friendly_name: Default
  - unique_name: voice
    friendly_name: Voice
task_queues:
  - friendly_name: English
    target_workers: languages HAS "en"
    assignment_activity: Busy
  - friendly_name: Everyone
workflows:
  - friendly_name: Support
    configuration:
      task_routing:
        filters:
          - expression: language == "en"
            targets:
              - queue: English
                timeout: 30
              - queue: Everyone
        default_filter:
          queue: Everyone
workers:
  - friendly_name: alice
    activity: Available
    attributes:
      languages: [en]
  - friendly_name: bob
    attributes: { languages: [en, es] }
    channels:
      voice: { configured_capacity: 2 }
`;

describe("tasklane plan / apply / export", () => {
  let t: TestServer;
  let other: TestServer;
  let dir: string;
  const file = () => join(dir, "support.yaml");
  beforeAll(async () => {
    [t, other] = await Promise.all([
      startTestServer({ database: "memory" }),
      startTestServer({ database: "memory" }),
    ]);
    dir = mkdtempSync(join(tmpdir(), "tasklane-cli-"));
    writeFileSync(file(), FILE);
  });
  afterAll(async () => {
    await Promise.all([t.close(), other.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("plans a new Workspace, applies it, and a second apply changes nothing and says so", async () => {
    const plan = await runCli(t, ["plan", file()]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Workspace "Support" (new)');
    expect(plan.stdout).toContain('+ task_queue "English"');
    expect(plan.stdout).toContain('  - activity "Unavailable"');
    expect(plan.stdout).not.toContain('+ activity "Offline"');
    expect(plan.stdout).toContain('      target_workers: "languages HAS \\"en\\""');
    expect(plan.stdout).toContain("Plan: 7 to create, 0 to update, 4 to delete.");

    const first = await runCli(t, ["apply", file()]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created Workspace "Support" WS[0-9a-f]{32}/);
    const [ws] = await t.client.taskrouter.v1.workspaces.list({ friendlyName: "Support" });
    const w = t.client.taskrouter.v1.workspaces(ws?.sid ?? "");
    // Defaults the file's sections leave out are gone from the new Workspace.
    expect((await w.activities.list()).map((a) => a.friendlyName).sort()).toEqual([
      "Available",
      "Busy",
      "Offline",
    ]);
    expect((await w.taskChannels.list()).map((c) => c.uniqueName).sort()).toEqual(["default", "voice"]);
    const [english] = await w.taskQueues.list({ friendlyName: "English" });
    expect(english?.assignmentActivityName).toBe("Busy");
    const [workflow] = await w.workflows.list();
    expect(JSON.parse(workflow?.configuration ?? "{}").task_routing.default_filter.queue).toMatch(/^WQ/);
    const [alice] = await w.workers.list({ friendlyName: "alice" });
    expect(alice?.activityName).toBe("Available");
    const [bobNow] = await w.workers.list({ friendlyName: "bob" });
    const voice = (await w.workers(bobNow?.sid ?? "").workerChannels.list()).find(
      (c) => c.taskChannelUniqueName === "voice",
    );
    expect(voice?.configuredCapacity).toBe(2);

    const second = await runCli(t, ["apply", file()]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^No changes: Workspace "Support" WS[0-9a-f]{32} already matches /);
    const again = await runCli(t, ["plan", file()]);
    expect(again.stdout).toContain("No changes: the server already matches");
  });

  it("shows drift per resource and field, keeps extras without --prune and deletes them with it", async () => {
    const [ws] = await t.client.taskrouter.v1.workspaces.list({ friendlyName: "Support" });
    const w = t.client.taskrouter.v1.workspaces(ws?.sid ?? "");
    const [english] = await w.taskQueues.list({ friendlyName: "English" });
    await w
      .taskQueues(english?.sid ?? "")
      .update({ targetWorkers: 'languages HAS "fr"', maxReservedWorkers: 3 });
    const [bob] = await w.workers.list({ friendlyName: "bob" });
    await w.workers(bob?.sid ?? "").update({ attributes: JSON.stringify({ languages: ["en"] }) });
    await w
      .workers(bob?.sid ?? "")
      .workerChannels("voice")
      .update({ capacity: 3 });
    await w.workers.create({ friendlyName: "temp" });

    const plan = await runCli(t, ["plan", file()]);
    expect(plan.stdout).toContain(
      [
        '  ~ task_queue "English"',
        '      target_workers: "languages HAS \\"fr\\"" → "languages HAS \\"en\\""',
        "      max_reserved_workers: 3 → 1",
        '  ~ worker "bob"',
        '      attributes.languages[1]: (unset) → "es"',
        "      channels.voice.configured_capacity: 3 → 2",
        "Plan: 0 to create, 2 to update, 0 to delete.",
        'Kept, not in the file: worker "temp" (--prune deletes what the file\'s sections do not name).',
      ].join("\n"),
    );
    const pruned = await runCli(t, ["plan", file(), "--prune"]);
    expect(pruned.stdout).toContain('  - worker "temp"');
    expect(pruned.stdout).toContain("Plan: 0 to create, 2 to update, 1 to delete.");

    const apply = await runCli(t, ["apply", "--prune", file()]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain("Applied: 0 created, 2 updated, 1 deleted.");
    expect(await w.workers.list({ friendlyName: "temp" })).toHaveLength(0);
    expect((await w.taskQueues(english?.sid ?? "").fetch()).targetWorkers).toBe('languages HAS "en"');
    expect((await runCli(t, ["apply", "--prune", file()])).stdout).toMatch(/^No changes/);
  });

  it("export → apply to an empty server → export gives the same file", async () => {
    const out = join(dir, "exported.yaml");
    const exported = await runCli(t, ["export", "Support", "-o", out]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/Wrote .*exported\.yaml: Workspace "Support" WS/);
    const text = readFileSync(out, "utf8");
    expect(text).toContain('target_workers: languages HAS "en"');
    expect(text).not.toMatch(/W[SQAW][0-9a-f]{32}/); // names, not SIDs

    const applied = await runCli(other, ["apply", out]);
    expect(applied.code).toBe(0);
    const back = await runCli(other, ["export", "Support"]);
    expect(back.code).toBe(0);
    expect(back.stdout).toBe(text);
    // Export by SID gives the same text too, and the copy is idempotent under apply.
    const [ws] = await other.client.taskrouter.v1.workspaces.list({ friendlyName: "Support" });
    expect((await runCli(other, ["export", ws?.sid ?? ""])).stdout).toBe(text);
    expect((await runCli(other, ["apply", out])).stdout).toMatch(/^No changes/);
  });
});

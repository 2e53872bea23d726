/** The CLI's failures as a user sees them: file:line:column, the server's refusal mapped to its field. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { runCli } from "./run-cli.ts";

describe("tasklane CLI errors", () => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
    dir = mkdtempSync(join(tmpdir(), "tasklane-cli-"));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("refuses a file with an error at a known line and column, changing nothing", async () => {
    const file = write(
      "bad.yaml",
      [
        "workspace:",
        "  friendly_name: Broken",
        "task_queues:",
        "  - friendly_name: English",
        "workflows:",
        "  - friendly_name: Main",
        "    configuration:",
        "      task_routing:",
        "        default_filter:",
        "          queue: Englsh",
      ].join("\n"),
    );
    const result = await runCli(t, ["apply", file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `${file}:10:18: workflows[0].configuration.task_routing.default_filter.queue: no TaskQueue named "Englsh": expected one of English`,
    );
    // Plan checks first: the Workspace was not created.
    expect(await t.client.taskrouter.v1.workspaces.list({ friendlyName: "Broken" })).toHaveLength(0);
  });

  it("maps a refusal by the server to the field it is about", async () => {
    const file = write(
      "task-keys.yaml",
      [
        "workspace:",
        "  friendly_name: Refused",
        "task_queues:",
        "  - friendly_name: Skills",
        "    target_workers: '\"skills\" IN task.required_skills'",
      ].join("\n"),
    );
    const result = await runCli(t, ["apply", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${file}:5:21: task_queues[0].target_workers: the server refused to create task_queue "Skills": Invalid parameter TargetWorkers: task.required_skills reads the task`,
    );
    expect(result.stderr).toContain("(error 20001, HTTP 400)");
    expect(result.stderr).toContain("change(s) were made before that");
  });

  it("says how to connect when credentials are missing, wrong, or the server is not there", async () => {
    const file = write("ok.yaml", "workspace:\n  friendly_name: Fine\n");
    const none = await runCli(null, ["plan", file], { TASKLANE_URL: t.baseUrl });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no credentials for");
    const wrong = await runCli(null, ["plan", file], {
      TASKLANE_URL: t.baseUrl,
      TASKLANE_ACCOUNT_SID: t.accountSid,
      TASKLANE_AUTH_TOKEN: "0".repeat(32),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("check TASKLANE_ACCOUNT_SID / TASKLANE_AUTH_TOKEN");
    const down = await runCli(t, ["plan", file, "--url", "http://127.0.0.1:9"]);
    expect(down.stderr).toContain("cannot reach Tasklane at http://127.0.0.1:9");
    const key = await t.client.newKeys.create({ friendlyName: "cli" });
    const byKey = await runCli(null, ["plan", file], {
      TASKLANE_URL: t.baseUrl,
      TASKLANE_API_KEY: key.sid,
      TASKLANE_API_SECRET: key.secret,
    });
    expect(byKey.stderr).toBe("");
    expect(byKey.stdout).toContain('Workspace "Fine" (new)');
  });

  it("prints the version and usage", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect((await runCli(null, ["--version"])).stdout.trim()).toBe(`tasklane ${pkg.version}`);
    const usage = await runCli(null, ["apply"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: tasklane apply <file>");
    const schema = await runCli(null, ["schema"]);
    expect(JSON.parse(schema.stdout).title).toBe("Tasklane workspace file");
  });
});

/**
 * The quick start as a new user runs it: `npm start` (the real server process, fresh data) says
 * `npx tasklane demo` while it has no workspace; `tasklane demo` with no credentials in the
 * environment uses the ones the server stored with its data; the next start no longer suggests it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "tasklane-first-run-"));
const DATABASE_URL = `sqlite:${join(dir, "tasklane.db")}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TASKLANE_")));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...clean, PORT: "0", HOST: "127.0.0.1", DATABASE_URL },
  });
  let text = "";
  child.stdout.on("data", (c: Buffer) => {
    text += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    text += c.toString();
  });
  for (let i = 0; i < 300 && !/Use the official twilio SDK[\s\S]*\n\n/.test(text); i++)
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200)); // the lines printed after the banner
  const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
  if (url === undefined) throw new Error(`server did not start:\n${text}`);
  return { child, url, output: () => text };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

describe("first run", () => {
  it("suggests the demo on an empty server, and the demo runs with the stored credentials", async () => {
    const first = await start();
    try {
      expect(first.output()).toContain("npx tasklane demo");
      const demo = await runCli(null, ["demo"], { TASKLANE_URL: first.url, DATABASE_URL });
      expect(demo.stderr).toContain("Created Workspace");
      expect(demo.code).toBe(0);
      expect(demo.stdout).toMatch(/^TWILIO_TASKROUTER_WORKSPACE_SID=WS[0-9a-f]{32}$/m);
      expect(demo.stdout).toMatch(/^AFTER_CALL_ACTIVITY_SID=WA[0-9a-f]{32}$/m);
    } finally {
      await stop(first.child);
    }
    const second = await start();
    try {
      expect(second.output()).not.toContain("npx tasklane demo");
    } finally {
      await stop(second.child);
    }
  });
});

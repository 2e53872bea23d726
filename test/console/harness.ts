/**
 * The console under test: the web app built from the committed sources (rebuilt when web/ is newer
 * than web/dist), a real Tasklane server (memory store, real clock), a FIFO workspace, and Debian's
 * Chromium driven by playwright-core (test tools cannot download a browser here).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const WEB = join(ROOT, "web");
export const CHROMIUM = process.env.TASKLANE_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function newestIn(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestIn(p) : s.mtimeMs);
  }
  return newest;
}

/**
 * Builds web/dist unless it is newer than every source file of the console. Test files run in
 * parallel: a lock directory makes one build while the others wait for it.
 */
export function ensureConsoleBuilt(): void {
  const lock = join(WEB, ".build-lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for 2 minutes: remove it if no build runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    buildIfStale();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildIfStale(): void {
  const built = join(WEB, "dist", "index.html");
  const sources = Math.max(
    newestIn(join(WEB, "src")),
    statSync(join(WEB, "index.html")).mtimeMs,
    statSync(join(WEB, "vite.config.ts")).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(WEB, "build.mjs")], { cwd: ROOT, stdio: "inherit" });
}

export interface ConsoleFixture {
  t: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  workspaceSid: string;
  workflowSid: string;
  queueSid: string;
  /** Console URL of a path under /console. */
  url(path?: string): string;
  signIn(page?: Page): Promise<void>;
  close(): Promise<void>;
}

export async function startConsole(): Promise<ConsoleFixture> {
  ensureConsoleBuilt();
  const t = await startTestServer({ database: "memory" });
  const tr = t.client.taskrouter.v1;
  const ws = await tr.workspaces.create({ friendlyName: "Support desk", template: "FIFO" });
  const [queue] = await tr.workspaces(ws.sid).taskQueues.list();
  const [workflow] = await tr.workspaces(ws.sid).workflows.list();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const fixture: ConsoleFixture = {
    t,
    browser,
    context,
    page,
    workspaceSid: ws.sid,
    workflowSid: workflow?.sid ?? "",
    queueSid: queue?.sid ?? "",
    url: (path = "/") => `${t.baseUrl}/console${path}`,
    async signIn(target = page) {
      await target.goto(fixture.url("/"));
      await target.getByLabel("Account SID").fill(t.accountSid);
      await target.getByLabel("Auth token").fill(t.authToken);
      await target.getByRole("button", { name: "Sign in" }).click();
      await target.getByRole("heading", { name: "Wallboard" }).waitFor();
    },
    async close() {
      await browser.close().catch(() => {});
      await t.close();
    },
  };
  return fixture;
}

/**
 * The README's first example, run as written: its code block saved as app.js in a fresh folder whose
 * node_modules hold `twilio` and `tasklane` (what `npm install twilio ../tasklane` makes), started with
 * `node --require tasklane/register app.js` and the three exported variables.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

const root = join(import.meta.dirname, "..", "..");
let t: TestServer;
let app: string;
beforeAll(async () => {
  t = await startTestServer({ database: "memory" });
  app = mkdtempSync(join(tmpdir(), "my-app-"));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(join(root, "node_modules", "twilio"), join(app, "node_modules", "twilio"));
  symlinkSync(root, join(app, "node_modules", "tasklane"));
});
afterAll(async () => {
  await t.close();
  rmSync(app, { recursive: true, force: true });
});

function firstExample(): { code: string; command: string } {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## First example"));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const command = /^(node --require tasklane\/register app\.js)/m.exec(section)?.[1] ?? "";
  return { code, command };
}

it("prints 'alice pending' with the hook and the exported variables", async () => {
  const { code, command } = firstExample();
  expect(command).toBe("node --require tasklane/register app.js");
  expect(code).not.toContain("httpClient");
  writeFileSync(join(app, "app.js"), code);
  const [, ...args] = command.split(" ");
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: app,
    env: {
      ...env,
      TASKLANE_URL: t.baseUrl,
      TASKLANE_ACCOUNT_SID: t.accountSid,
      TASKLANE_AUTH_TOKEN: t.authToken,
    },
  });
  expect(stdout.trim()).toBe("alice pending");
});

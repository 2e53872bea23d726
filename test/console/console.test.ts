// The console in real Chromium (playwright-core, /usr/bin/chromium) against a real server: the
// scenarios of issue 15, in order, on one browser page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleFixture, startConsole } from "./harness.ts";

let c: ConsoleFixture;
beforeAll(async () => {
  c = await startConsole();
}, 60_000);
afterAll(async () => c?.close());

describe("Tasklane Console in Chromium", () => {
  it("signs in with the Account SID and Auth token and keeps no credential in the page", async () => {
    await c.signIn();
    expect(c.page.url()).toContain(`/console/w/${c.workspaceSid}/wallboard`);
    const cookies = await c.context.cookies();
    const session = cookies.find((k) => k.name === "tasklane_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Strict");
    const stored = await c.page.evaluate<string>(
      "JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie",
    );
    expect(stored).not.toContain(c.t.authToken);
    expect(stored).not.toContain("tasklane_session");
    expect(c.page.url()).not.toContain(c.t.authToken);
  });

  it("shows a REST task create on the wallboard's queue row within 1 s", async () => {
    const row = c.page.locator('tr[data-queue="Sample Queue"] td[data-col="waiting"]');
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toBe("0");
    await c.page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    const started = Date.now();
    await c.t.client.taskrouter.v1.workspaces(c.workspaceSid).tasks.create({
      workflowSid: c.workflowSid,
      attributes: JSON.stringify({ type: "support" }),
    });
    await row.filter({ hasText: "1" }).waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect.poll(() => c.page.getByTestId("tile-waiting").textContent()).toContain("1");
  });

  it("meets WCAG AA contrast for the wallboard's text, links and buttons", async () => {
    // Contrast of each element's text against the first opaque background behind it.
    const script = `(() => {
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const bg = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || c[3] > 0) return c;
        }
        return [255, 255, 255];
      };
      const out = [];
      for (const el of document.querySelectorAll("h1, h2, h3, nav a, button, .tile-label, .tile-value, th, td, label, .live")) {
        if (!el.textContent.trim()) continue;
        const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
        out.push({ text: el.textContent.trim().slice(0, 30), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) });
      }
      return out;
    })()`;
    const measured = await c.page.evaluate<Array<{ text: string; ratio: number }>>(script);
    expect(measured.length).toBeGreaterThan(20);
    const low = measured.filter((m) => m.ratio < 4.5);
    expect(low).toEqual([]);
  });

  it("shows a workflow's invalid JSON next to the editor and refuses to save it", async () => {
    await c.page.getByRole("link", { name: "Workflows" }).click();
    await c.page.getByRole("link", { name: "Edit Default Fifo Workflow" }).click();
    const editor = c.page.getByLabel("Configuration");
    await editor.fill('{"task_routing": {"filters": [ }');
    const error = c.page.locator("#wf-configuration-error");
    await expect.poll(() => error.textContent()).toMatch(/Not valid JSON/);
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    expect(await c.page.getByRole("button", { name: "Save workflow" }).isDisabled()).toBe(true);
  });

  it("shows the API's own validation error for a configuration that parses but is wrong", async () => {
    const editor = c.page.getByLabel("Configuration");
    await editor.fill(
      JSON.stringify({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: "WQnope" }] }] } }),
    );
    await c.page.getByRole("button", { name: "Save workflow" }).click();
    const error = c.page.locator("#wf-configuration-error");
    await expect.poll(() => error.textContent()).toMatch(/WQnope|queue/i);
  });

  it("simulates a task through the edited configuration and draws its path", async () => {
    const config = {
      task_routing: {
        filters: [
          {
            filter_friendly_name: "Support",
            expression: "type == 'support'",
            targets: [{ queue: c.queueSid, timeout: 30 }],
          },
        ],
      },
    };
    await c.page.getByLabel("Configuration").fill(JSON.stringify(config, null, 2));
    await c.page.getByLabel("Task attributes").fill('{"type": "support"}');
    await c.page.getByRole("button", { name: "Simulate" }).click();
    const path = c.page.getByRole("list", { name: "Simulated path" });
    await path.waitFor();
    const text = await path.textContent();
    expect(text).toContain("Filter “Support”");
    expect(text).toContain("Sample Queue");
    expect(text).toMatch(/times out|waits here/);
  });

  it("runs a reservation on the agent desktop: Go available, Accept, Wrap up, Complete", async () => {
    const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
    const worker = await tr.workers.create({ friendlyName: "alice", attributes: "{}" });
    await c.page.goto(c.url("/agent"));
    await c.page.getByLabel("Worker", { exact: true }).selectOption(worker.sid);
    await c.page.getByRole("button", { name: "Connect as this worker" }).click();
    await c.page.getByRole("heading", { name: "alice" }).waitFor({ timeout: 10_000 });
    await c.page.getByRole("button", { name: "Go available" }).click();
    await expect.poll(() => c.page.getByTestId("current-activity").textContent()).toBe("Available");
    // The task created earlier is waiting in the queue: alice gets it as soon as she is available.
    const accept = c.page.getByRole("button", { name: "Accept" });
    await accept.waitFor({ timeout: 5000 });
    await expect.poll(() => c.page.locator("dl.attributes").textContent()).toContain("support");
    await accept.click();
    await c.page.getByRole("button", { name: "Wrap up" }).click();
    await expect.poll(() => c.page.getByTestId("reservation-status").textContent()).toBe("wrapping");
    await c.page.getByRole("button", { name: "Complete" }).click();
    await expect
      .poll(() => c.page.getByTestId("reservation-status").textContent(), { timeout: 5000 })
      .toBe("completed");
    const [task] = await tr.tasks.list({ limit: 1 });
    expect(task?.assignmentStatus).toBe("completed");
  });

  it("creates a queue with the API's error under the field, then fixes and deletes it", async () => {
    await c.page.goto(c.url(`/w/${c.workspaceSid}/queues`));
    await c.page.getByRole("button", { name: "New queue" }).click();
    await c.page.getByLabel("Friendly name (required)").fill("Billing");
    const target = c.page.getByLabel("Target workers");
    await target.fill('skills HAS "billing" AND');
    await c.page.getByRole("button", { name: "Create" }).click();
    const error = c.page.locator("#create-TargetWorkers-error");
    await expect.poll(() => error.textContent()).toMatch(/column \d+ of TargetWorkers/);
    expect(await target.getAttribute("aria-invalid")).toBe("true");
    await target.fill('skills HAS "billing"');
    await c.page.getByRole("button", { name: "Create" }).click();
    const row = c.page.getByRole("row").filter({ hasText: "Billing" });
    await row.waitFor();
    const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
    expect((await tr.taskQueues.list({ friendlyName: "Billing" })).length).toBe(1);
    c.page.once("dialog", (dialog) => void dialog.accept());
    await c.page.getByRole("button", { name: "Delete Billing" }).click();
    await row.waitFor({ state: "detached" });
    expect((await tr.taskQueues.list({ friendlyName: "Billing" })).length).toBe(0);
  });

  it("keeps an admin list live: a task created through REST appears without a reload", async () => {
    await c.page.goto(c.url(`/w/${c.workspaceSid}/tasks`));
    const rows = c.page.getByRole("table", { name: "Tasks" }).locator("tbody tr");
    await rows.first().waitFor();
    const before = await rows.count();
    // The list reads its stream position first; events after it are replayed, so no race after that.
    await c.page.waitForTimeout(300);
    const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
    await tr.tasks.create({ workflowSid: c.workflowSid, attributes: JSON.stringify({ type: "live" }) });
    await expect.poll(() => rows.count(), { timeout: 3000 }).toBe(before + 1);
  });

  it("explains a waiting task and shows its timeline", async () => {
    const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
    const task = await tr.tasks.create({
      workflowSid: c.workflowSid,
      attributes: JSON.stringify({ type: "billing" }),
    });
    await c.page.goto(c.url(`/w/${c.workspaceSid}/tasks/${task.sid}`));
    await expect
      .poll(() => c.page.locator(".summary").textContent())
      .toMatch(/Waiting in queue Sample Queue|Reserved for alice/);
    const timeline = c.page.locator("ol.timeline");
    await expect.poll(() => timeline.textContent()).toContain("task-queue.entered");
    expect(await timeline.textContent()).toContain("task.created");
  });

  it("changes a worker's activity from the worker page", async () => {
    const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
    const worker = await tr.workers.create({ friendlyName: "bob" });
    const offline = (await tr.activities.list({ friendlyName: "Unavailable" }))[0]?.sid ?? "";
    await c.page.goto(c.url(`/w/${c.workspaceSid}/workers/${worker.sid}`));
    await c.page.getByLabel("Current activity").selectOption(offline);
    await expect.poll(async () => (await tr.workers(worker.sid).fetch()).activityName).toBe("Unavailable");
    await expect.poll(() => c.page.getByRole("table", { name: "Channels" }).textContent()).toContain("voice");
  });

  it("signs out: the session ends and the sign-in form is back", async () => {
    await c.page.goto(c.url("/"));
    await c.page.getByRole("button", { name: "Sign out" }).click();
    await c.page.getByLabel("Account SID").waitFor();
    const cookies = await c.context.cookies();
    expect(cookies.find((k) => k.name === "tasklane_session")).toBeUndefined();
    await c.page.goto(c.url("/"));
    await c.page.getByLabel("Auth token").waitFor();
    const status = await c.page.evaluate(
      async () => (await fetch("/v1/Workspaces", { headers: { "X-Tasklane-Console": "1" } })).status,
    );
    expect(status).toBe(401);
  });

  it("signs in again with the keyboard alone", async () => {
    await c.page.goto(c.url("/"));
    await c.page.getByLabel("Account SID").focus();
    await c.page.keyboard.type(c.t.accountSid);
    await c.page.keyboard.press("Tab");
    expect(await c.page.evaluate<string>("document.activeElement.id")).toBe("token");
    await c.page.keyboard.type(c.t.authToken);
    await c.page.keyboard.press("Enter");
    await c.page.getByRole("heading", { name: "Wallboard" }).waitFor();
  });

  it("connects the agent desktop with a pasted worker token, without a console session", async () => {
    const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
    const worker = await tr.workers.create({ friendlyName: "carol" });
    const minted = await fetch(
      `${c.t.baseUrl}/tasklane/v1/Workspaces/${c.workspaceSid}/Workers/${worker.sid}/Token`,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${c.t.accountSid}:${c.t.authToken}`).toString("base64")}`,
        },
      },
    );
    const { token } = (await minted.json()) as { token: string };
    const context = await c.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(c.url("/agent"));
      expect(await page.getByRole("button", { name: "Connect as this worker" }).count()).toBe(0);
      await page.getByLabel("Worker token", { exact: true }).fill(token);
      await page.getByRole("button", { name: "Connect with this token" }).click();
      await page.getByRole("heading", { name: "carol" }).waitFor({ timeout: 10_000 });
      await page.getByRole("button", { name: "Go available" }).click();
      await expect.poll(async () => (await tr.workers(worker.sid).fetch()).available).toBe(true);
    } finally {
      await context.close();
    }
  });
});

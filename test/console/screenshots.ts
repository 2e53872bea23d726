/**
 * Takes the screenshots in docs/console/ (run: `npx tsx test/console/screenshots.ts`): a small
 * contact centre (two queues, five workers, a handful of tasks, some answered) seen through each
 * main view of the console in Chromium.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { startConsole } from "./harness.ts";

const OUT = resolve(import.meta.dirname, "..", "..", "docs", "console");
mkdirSync(OUT, { recursive: true });

const c = await startConsole();
try {
  const tr = c.t.client.taskrouter.v1.workspaces(c.workspaceSid);
  const activities = await tr.activities.list();
  const sid = (name: string) => activities.find((a) => a.friendlyName === name)?.sid ?? "";
  const sales = await tr.taskQueues.create({ friendlyName: "Sales", targetWorkers: 'skills HAS "sales"' });
  const support = c.queueSid;
  await tr.taskQueues(support).update({ friendlyName: "Support", targetWorkers: 'skills HAS "support"' });
  const config = {
    task_routing: {
      filters: [
        {
          filter_friendly_name: "Sales",
          expression: "type == 'sales'",
          targets: [{ queue: sales.sid, timeout: 60 }, { queue: support }],
        },
        { filter_friendly_name: "Support", expression: "type == 'support'", targets: [{ queue: support }] },
      ],
      default_filter: { queue: support },
    },
  };
  await tr
    .workflows(c.workflowSid)
    .update({ friendlyName: "Inbound", configuration: JSON.stringify(config) });
  const people: Array<[string, string[], string]> = [
    ["alice", ["support"], "Available"],
    ["bob", ["support", "sales"], "Available"],
    ["carol", ["sales"], "Unavailable"],
    ["dave", ["support"], "Offline"],
    ["erin", ["sales"], "Offline"],
  ];
  for (const [name, skills, activity] of people) {
    await tr.workers.create({
      friendlyName: name,
      attributes: JSON.stringify({ skills }),
      activitySid: sid(activity),
    });
  }
  const tasks = [];
  for (const type of ["support", "support", "sales", "support", "sales", "support", "sales"]) {
    tasks.push(
      await tr.tasks.create({
        workflowSid: c.workflowSid,
        attributes: JSON.stringify({ type, customer: `+1555010${tasks.length}` }),
      }),
    );
  }
  // alice and bob each hold a reservation; accept one of them.
  const workers = await tr.workers.list();
  const alice = workers.find((w) => w.friendlyName === "alice");
  const [reservation] = await tr.workers(alice?.sid ?? "").reservations.list();
  if (reservation !== undefined)
    await tr
      .tasks(reservation.taskSid)
      .reservations(reservation.sid)
      .update({ reservationStatus: "accepted" });

  const page = c.page;
  const shot = async (name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(OUT, `${name}.png`) });
  };
  await page.goto(c.url("/"));
  await shot("sign-in");
  await c.signIn();
  await page.locator('tr[data-queue="Support"]').waitFor();
  await shot("wallboard");
  await page.getByRole("link", { name: "Queues" }).click();
  await page.getByRole("button", { name: "New queue" }).click();
  await page.getByLabel("Friendly name (required)").fill("Billing");
  await page.getByLabel("Target workers").fill('skills HAS "billing" AND');
  await page.getByRole("button", { name: "Create" }).click();
  await page.locator(".field-error").waitFor();
  await shot("queues");
  await page.getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("link", { name: "Edit Inbound" }).click();
  await page.getByLabel("Task attributes").fill('{"type": "sales"}');
  await page.getByRole("button", { name: "Simulate" }).click();
  await page.getByRole("list", { name: "Simulated path" }).waitFor();
  await shot("workflow");
  const waiting = tasks[tasks.length - 1]?.sid ?? "";
  await page.goto(c.url(`/w/${c.workspaceSid}/tasks/${waiting}`));
  await page.locator(".summary").waitFor();
  await shot("task");
  await page.goto(c.url(`/w/${c.workspaceSid}/workers/${alice?.sid ?? ""}`));
  await page.getByRole("heading", { name: "Reservations" }).waitFor();
  await shot("worker");
  await page.goto(c.url("/agent"));
  await page.getByLabel("Worker", { exact: true }).selectOption({ label: "dave" });
  await page.getByRole("button", { name: "Connect as this worker" }).click();
  await page.getByRole("button", { name: "Go available" }).click();
  await page.getByRole("button", { name: "Accept" }).first().waitFor();
  await shot("agent");
  console.log(`screenshots in ${OUT}`);
} finally {
  await c.close();
}

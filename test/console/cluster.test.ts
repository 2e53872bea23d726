// The console's Cluster view in Chromium (docs/console.md): against two real nodes in cluster mode on
// a PostgreSQL schema of its own, signed in through the node that does not own the workspace (the
// wallboard works through it, the view lists both nodes and the workspace's owner and fencing token,
// and the other node does not know the session); and against a single server (cluster mode off).
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT,
  BASIC,
  type ClusterNodeProcess,
  type ClusterView,
  clusterView,
  settled,
  startNode,
  stopNode,
  TOKEN,
  until,
} from "../cluster/cluster-nodes.ts";
import { createTestSchema, postgres, type TestSchema } from "../contract/postgres-harness.ts";
import { clientFor } from "../support/twilio-client.ts";
import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  type ConsoleFixture,
  ensureConsoleBuilt,
  startConsole,
} from "./harness.ts";

describe("Cluster view, cluster mode off", () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    c = await startConsole();
  }, 60_000);
  afterAll(async () => c?.close());

  it("says plainly that the server is a single node", async () => {
    await c.signIn();
    await c.page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Cluster" }).click();
    await c.page.getByRole("heading", { name: "Cluster" }).waitFor();
    const mode = c.page.getByTestId("cluster-mode");
    await expect.poll(() => mode.textContent()).toContain("Single node (cluster mode off)");
    expect(await c.page.getByRole("table").count()).toBe(0);
    expect(c.page.url()).toBe(c.url("/cluster"));
  });
});

describe.runIf(postgres.available)("Cluster view, two nodes in cluster mode on PostgreSQL", () => {
  let schema: TestSchema;
  let browser: Browser;
  const nodes: ClusterNodeProcess[] = [];
  beforeAll(async () => {
    ensureConsoleBuilt();
    schema = await createTestSchema("console_cluster");
    nodes.push(...(await Promise.all([1, 2].map(() => startNode(schema.url)))));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await Promise.all(nodes.map((node) => stopNode(node, "SIGKILL")));
    await schema?.drop();
  });

  it("signs in through the node that does not own the workspace and shows the nodes and the owner", async () => {
    const [first, second] = nodes;
    if (first === undefined || second === undefined) throw new Error("two nodes expected");
    const tr = clientFor(first.url, ACCOUNT, TOKEN).taskrouter.v1;
    const workspace = await tr.workspaces.create({ friendlyName: "Cluster desk", template: "FIFO" });
    // Pinned to the second node, so placement cannot move it while the page is read; the first node
    // (where it was created) is then the one that does not own it.
    const pinned = await fetch(`${first.url}/tasklane/v1/Cluster/Workspaces/${workspace.sid}`, {
      method: "POST",
      headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ PinnedTo: second.url }),
    });
    expect(pinned.status).toBe(200);
    let lease: ClusterView["workspaces"][number] | undefined;
    await until("the workspace owned by the node it is pinned to", async () => {
      const view = await clusterView(first.url);
      lease = view.workspaces.find((w) => w.workspace_sid === workspace.sid);
      return settled(view, 1) && lease?.address === second.url;
    });
    const owner = second;
    const other = first;
    if (lease === undefined) throw new Error("no lease");

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${other.url}/console/`);
    await page.getByLabel("Account SID").fill(ACCOUNT);
    await page.getByLabel("Auth token").fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The wallboard's figures and its event stream come from the owner, forwarded by this node.
    await page.getByRole("heading", { name: "Wallboard" }).waitFor();
    expect(page.url()).toContain(`/console/w/${workspace.sid}/wallboard`);
    const waiting = page.locator('tr[data-queue="Sample Queue"] td[data-col="waiting"]');
    await expect.poll(() => waiting.textContent(), { timeout: 10_000 }).toBe("0");
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    // A write: its CSRF token is checked by this node, the create runs on the owner.
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Queues" }).click();
    await page.getByRole("button", { name: "New queue" }).click();
    await page.getByLabel("Friendly name (required)").fill("Billing");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("row").filter({ hasText: "Billing" }).waitFor();
    const onOwner = clientFor(owner.url, ACCOUNT, TOKEN).taskrouter.v1.workspaces(workspace.sid);
    expect((await onOwner.taskQueues.list({ friendlyName: "Billing" })).length).toBe(1);

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Cluster" }).click();
    const mode = page.getByTestId("cluster-mode");
    await expect.poll(() => mode.textContent()).toContain("Cluster mode: 2 of 2 nodes alive, 1 workspace");
    for (const node of nodes) {
      const row = page.locator(`tr[data-node="${node.url}"]`);
      await expect.poll(() => row.locator('td[data-col="state"]').textContent()).toBe("alive");
      expect(await row.locator('td[data-col="heartbeat"]').textContent()).toMatch(/UTC \(\d+ s ago\)/);
      expect(await row.locator('td[data-col="workspaces"]').textContent()).toBe(
        node === owner ? "1 / no limit" : "0 / no limit",
      );
    }
    expect(await page.locator(`tr[data-node="${other.url}"] td`).first().textContent()).toContain(
      "(this node)",
    );
    const row = page.locator(`tr[data-workspace="${workspace.sid}"]`);
    expect(await row.textContent()).toContain("Cluster desk");
    expect(await row.locator('td[data-col="owner"]').textContent()).toBe(owner.url);
    expect(await row.locator('td[data-col="token"]').textContent()).toBe(String(lease.token));
    expect(await row.locator('td[data-col="pin"]').textContent()).toBe(second.url);

    // Sessions are per node: the owner does not know this one, so the console there asks to sign in.
    // (Browsers send a host's cookies to every port, so the same cookie reaches the other node.)
    await page.goto(`${owner.url}/console/cluster`);
    await page.getByLabel("Account SID").waitFor();
    expect(await page.getByRole("button", { name: "Sign in" }).isVisible()).toBe(true);
    await context.close();
  });
});

/**
 * Issue 11: after a restart, a workspace answers as soon as it is restored, while the others are
 * still loading (src/runtime/account-runtime.ts restoreInBackground, src/api/loading-gate.ts).
 * Through real HTTP with the official twilio SDK, on SQLite. The second workspace's restore is held
 * back by the test (a store whose restoreWorkspace waits for a gate), so "still loading" is a state
 * the test controls, not a race: meanwhile the first workspace is served, the second answers
 * 503 / 20503 with Retry-After: 1, and listing the workspaces answers the same 503 (the list would be
 * incomplete); once the gate opens, startServer resolves and both are served.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import type { WorkspaceSnapshot } from "../../src/engine/view.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { clientFor } from "../support/twilio-client.ts";

class GatedStore extends SqliteStore {
  held: string | null = null;
  private open: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  release(): void {
    this.open();
  }
  override async restoreWorkspace(sid: string): Promise<WorkspaceSnapshot | null> {
    if (sid === this.held) await this.gate;
    return super.restoreWorkspace(sid);
  }
}

const dir = mkdtempSync(join(tmpdir(), "tasklane-restore-"));
const path = join(dir, "tasklane.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Restart: restored workspaces answer while the rest load", () => {
  it("serves the restored workspace, answers 503 + Retry-After for the loading one, then serves both", async () => {
    const env = { PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `sqlite:${path}` };
    const config = loadConfig(env);
    const first = await startServer({ config, env });
    const { accountSid, authToken } = first.credentials;
    const baseUrl = `http://127.0.0.1:${first.port}`;
    const client = clientFor(baseUrl, accountSid, authToken);
    const a = await client.taskrouter.v1.workspaces.create({ friendlyName: "a" });
    const b = await client.taskrouter.v1.workspaces.create({ friendlyName: "b" });
    await client.taskrouter.v1.workspaces(a.sid).workers.create({ friendlyName: "alice" });
    await client.taskrouter.v1.workspaces(b.sid).workers.create({ friendlyName: "bob" });
    await first.close();

    // Workspaces are restored in SID order: hold back the second, so the first can be restored.
    const [restoredSid, heldSid] = [a.sid, b.sid].sort();
    if (restoredSid === undefined || heldSid === undefined) throw new Error("two workspaces expected");
    const store = new GatedStore(path);
    store.held = heldSid;
    config.port = first.port;
    let second: RunningServer | null = null;
    const starting = startServer({ config, env, store }).then((s) => {
      second = s;
      return s;
    });
    try {
      const workspace = (sid: string) => client.taskrouter.v1.workspaces(sid);
      // Poll until the server listens and the first workspace is restored.
      let served = null;
      for (let i = 0; i < 500 && served === null; i++) {
        served = await workspace(restoredSid)
          .fetch()
          .catch(() => null);
        if (served === null) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(served?.sid).toBe(restoredSid);
      const workers = await workspace(restoredSid).workers.list();
      expect(workers.map((w) => w.friendlyName)).toEqual([restoredSid === a.sid ? "alice" : "bob"]);
      expect(second).toBeNull(); // startServer resolves only once every workspace is restored

      const loading = await workspace(heldSid)
        .workers.list()
        .then(
          () => null,
          (error: { status?: number; code?: number; message?: string }) => error,
        );
      expect(loading).toMatchObject({ status: 503, code: 20503 });
      expect(loading?.message).toContain(`Workspace ${heldSid} is still being restored`);
      const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
      const raw = await fetch(`${baseUrl}/v1/Workspaces/${heldSid}`, { headers: { authorization: auth } });
      expect(raw.status).toBe(503);
      expect(raw.headers.get("retry-after")).toBe("1");
      expect(await raw.json()).toMatchObject({ code: 20503, status: 503, more_info: expect.any(String) });
      const list = await client.taskrouter.v1.workspaces.list().then(
        () => null,
        (error: { status?: number; code?: number }) => error,
      );
      expect(list).toMatchObject({ status: 503, code: 20503 });
      // Without credentials the loading workspace is not revealed: 401 first.
      expect((await fetch(`${baseUrl}/v1/Workspaces/${heldSid}`)).status).toBe(401);

      store.release();
      await starting;
      expect((await workspace(heldSid).fetch()).sid).toBe(heldSid);
      const all = await client.taskrouter.v1.workspaces.list();
      expect(all.map((w) => w.sid).sort()).toEqual([restoredSid, heldSid]);
    } finally {
      store.release();
      await (await starting).close();
    }
  });
});

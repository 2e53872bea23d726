/**
 * Issue 11: WAL checkpoints of a SQLite file run on their own thread (src/store/sqlite/checkpointer.ts),
 * not inside a COMMIT on the writer thread. After enough commits the committed WAL frames reach the
 * database file while the store is open (the writer's own auto-checkpoint would wait for 4,000
 * pages), every commit stays readable, and a reopened store has every row.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { activityEntity, sid, taskEntity, workspaceEntity } from "../support/entities.ts";

const dir = mkdtempSync(join(tmpdir(), "tasklane-checkpoints-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AC = sid("AC", 1);
const WS = sid("WS", 1);

describe("SQLite checkpoints on their own thread", () => {
  it("copies committed frames into the database file while writes go on, losing none", async () => {
    const path = join(dir, "store.db");
    let store = new SqliteStore(path);
    await store.commit({
      workspaceSid: WS,
      upserts: [
        { kind: "workspace", sid: WS, entity: workspaceEntity(WS, AC) },
        { kind: "activity", sid: sid("WA", 1), entity: activityEntity(sid("WA", 1), WS) },
      ],
      deletes: [],
      events: [],
    });
    const before = statSync(path).size;
    const commits = [];
    for (let n = 1; n <= 210; n++) {
      commits.push(
        store.commit({
          workspaceSid: WS,
          upserts: [{ kind: "task", sid: sid("WT", n), entity: taskEntity(sid("WT", n), WS) }],
          deletes: [],
          events: [],
        }),
      );
    }
    await Promise.all(commits);
    // The checkpoint runs beside the writer: wait until the file holds the frames.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before), { timeout: 5000 });
    expect((await store.loadWorkspace(WS))?.tasks).toHaveLength(210);
    await store.close();
    store = new SqliteStore(path);
    expect((await store.loadWorkspace(WS))?.tasks).toHaveLength(210);
    await store.close();
  });
});

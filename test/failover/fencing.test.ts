/**
 * The writer lease on PostgreSQL, at the store level: one holder at a time, a waiting node takes over
 * when the holder's session ends, and a node that lost the lease cannot write any more, whether it
 * noticed the loss itself (session ended) or only the database knows (another token in writer_lease).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostgresStore } from "../../src/store/postgres/postgres-store.ts";
import { createTestSchema, postgres, type TestSchema } from "../contract/postgres-harness.ts";
import { domainEvent, sid, workspaceEntity } from "../support/entities.ts";
import { terminateLeaseHolder } from "./lease-holder.ts";

const WS = sid("WS", 1);
let n = 0;
const batch = () => ({
  workspaceSid: WS,
  upserts: [{ kind: "workspace" as const, sid: WS, entity: workspaceEntity(WS, sid("AC", 1), `v${++n}`) }],
  deletes: [],
  events: [{ ...domainEvent(sid("WT", 1)), sid: sid("EV", 1000 + n) }],
});

describe.runIf(postgres.available)("writer lease and fencing", () => {
  let schema: TestSchema;
  const stores: PostgresStore[] = [];
  const open = (heartbeatMs = 200) => {
    const store = new PostgresStore(schema.target, { poolSize: 2, lease: { heartbeatMs } });
    stores.push(store);
    return store;
  };
  beforeEach(async () => {
    schema = await createTestSchema("lease");
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await schema.drop();
  });

  it("lets one node write; the other waits, takes over when the holder's session ends, and the old holder is fenced", async () => {
    const a = open();
    const leaseA = await a.acquireWriterLease();
    await a.commit(batch());

    const b = open();
    let waited = false;
    const leaseB = b.acquireWriterLease(async () => {
      waited = true;
    });
    await expect.poll(() => waited).toBe(true);

    expect(await terminateLeaseHolder(schema)).toBe(1);
    expect((await leaseA.lost).message).toMatch(/lost the PostgreSQL writer lease/);
    await leaseB;

    await expect(a.commit(batch())).rejects.toThrow(/not the active writer/);
    await expect(a.deleteWorkspace(WS)).rejects.toThrow(/not the active writer/);
    await b.commit(batch());
    const snapshot = await b.loadWorkspace(WS);
    expect(snapshot?.workspace.friendlyName).toBe(`v${n}`);
    expect((await b.listEvents(WS, { limit: 10 })).map((e) => e.sequence)).toEqual([1, 2]);
  });

  it("refuses a write in the same transaction when the token moved before the old holder noticed", async () => {
    const a = open(60_000); // no heartbeat during the test: only the database knows
    await a.acquireWriterLease();
    await a.commit(batch());
    await schema.admin(`UPDATE "${schema.name}".writer_lease SET token = token + 1`);
    await expect(a.commit(batch())).rejects.toThrow(/not the active writer.*another node took the lease/);
    expect((await a.loadWorkspace(WS))?.workspace.friendlyName).toBe(`v${n - 1}`);
    // And from now on it refuses locally, without asking the database.
    await expect(a.ackOutbox(WS, 1)).rejects.toThrow(/not the active writer/);
  });

  it("hands the lease over on close", async () => {
    const a = open();
    await a.acquireWriterLease();
    const b = open();
    const leaseB = b.acquireWriterLease();
    await a.close();
    await leaseB;
    await b.commit(batch());
    expect(await b.loadAll()).toHaveLength(1);
  });
});

/**
 * Per-workspace fencing on PostgreSQL, at the store level (cluster mode, docs/cluster.md): a workspace
 * created on a node gets its lease row with its first state; a node whose workspace was claimed by
 * another cannot write it any more, even before it noticed (only the database knows), while its
 * other workspaces go on; and the outbox of a workspace a node does not hold is not its to deliver.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClusterRegistry } from "../../src/cluster/registry.ts";
import { createPool } from "../../src/store/postgres/connection.ts";
import { WorkspaceFences } from "../../src/store/postgres/lease.ts";
import { PostgresStore } from "../../src/store/postgres/postgres-store.ts";
import { createTestSchema, postgres, type TestSchema } from "../contract/postgres-harness.ts";
import { domainEvent, sid, workspaceEntity } from "../support/entities.ts";

let n = 0;
const batch = (ws: string) => {
  n += 1;
  return {
    workspaceSid: ws,
    upserts: [{ kind: "workspace" as const, sid: ws, entity: workspaceEntity(ws, sid("AC", 1), `v${n}`) }],
    deletes: [],
    events: [{ ...domainEvent(sid("WT", 1)), sid: sid("EV", 1000 + n) }],
    outbox: [{ eventSid: sid("EV", 1000 + n), url: "http://127.0.0.1:9/cb", params: { n: String(n) } }],
  };
};

describe.runIf(postgres.available)("per-workspace fencing (cluster mode)", () => {
  let schema: TestSchema;
  const closers: Array<() => Promise<void>> = [];
  const node = (nodeId: number) => {
    const store = new PostgresStore(schema.target, { poolSize: 2 });
    const fences = new WorkspaceFences();
    fences.nodeId = nodeId;
    store.useWorkspaceFences(fences);
    closers.push(() => store.close());
    return { store, fences };
  };
  let registry: ClusterRegistry;
  beforeEach(async () => {
    schema = await createTestSchema("fences");
    const pool = createPool(schema.target, { poolSize: 1 });
    closers.push(() => pool.end());
    registry = new ClusterRegistry(pool);
  });
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    await schema.drop();
  });

  it("claims a created workspace, fences it once another node took it, and keeps the others writable", async () => {
    const a = node(1);
    const b = node(2);
    const [one, two] = [sid("WS", 1), sid("WS", 2)];
    await a.store.commitGroup([batch(one), batch(two)]);
    expect(a.fences.heldSids().sort()).toEqual([one, two]);
    expect((await registry.leases()).map((l) => [l.workspaceSid, l.nodeId, l.token])).toEqual([
      [one, 1, "1"],
      [two, 1, "1"],
    ]);
    // Node 2 may not write a workspace node 1 holds.
    await expect(b.store.commit(batch(one))).rejects.toThrow(/not owned by this node.*another node holds it/);

    // Node 2 claims `one` (as after node 1 died); node 1 does not know yet.
    const token = await registry.claim(one, 1, 2);
    expect(token).toBe("2");
    b.fences.hold(one, token ?? "");
    await expect(a.store.commit(batch(one))).rejects.toThrow(
      `workspace ${one} is not owned by this node, the write was refused (another node holds it (token 2))`,
    );
    // A group of several workspaces fails as a whole (the runtime retries each alone): `two` still commits.
    await expect(a.store.commitGroup([batch(two), batch(one)])).rejects.toThrow(/not owned/);
    await a.store.commit(batch(two));
    await b.store.commit(batch(one));
    expect((await b.store.loadWorkspace(one))?.workspace.friendlyName).toBe(`v${n}`);

    // Outbox and retention: each node sees only what it holds.
    expect(await a.store.outboxWorkspaces()).toEqual([two]);
    expect(await b.store.outboxWorkspaces()).toEqual([one]);
    expect(await a.store.listOutbox(one, 10)).toEqual([]);
    await expect(a.store.ackOutbox(one, 1)).rejects.toThrow(/not owned by this node/);

    // Deleting a workspace removes its lease with it.
    await a.store.deleteWorkspace(two);
    expect((await registry.leases()).map((l) => l.workspaceSid)).toEqual([one]);
  });

  it("waits for the old owner's write in flight before a claim returns", async () => {
    const a = node(1);
    const ws = sid("WS", 3);
    await a.store.commit(batch(ws));
    // A write of node 1 holds the lease row FOR SHARE while it runs: the claim's UPDATE waits for it.
    const inFlight = a.store.commit(batch(ws));
    const claimed = registry.claim(ws, 1, 2);
    await inFlight;
    expect(await claimed).toBe("2");
    await expect(a.store.commit(batch(ws))).rejects.toThrow(/not owned by this node/);
    expect((await a.store.listEvents(ws, { limit: 10 })).map((e) => e.sequence)).toEqual([1, 2]);
  });
});

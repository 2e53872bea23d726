/**
 * Three agents on the worker SDK for the transfer tests: alice holds an accepted reservation of a
 * task, bob and carol are in the "billing" queue (`dept == "billing"`) and go available when a test
 * says so. Everything the tests look at goes through the SDK, the twilio REST client or the Events API.
 */
import {
  type Fixture,
  next,
  type SdkReservation,
  type SdkWorker,
  type SimulatedClock,
  startFixture,
} from "./harness.ts";

export interface TransferWorld {
  f: Fixture;
  billingSid: string;
  agents: { alice: Agent; bob: Agent; carol: Agent };
  /** A task reserved to and accepted by alice (the others are offline meanwhile). */
  aliceHolding(attributes?: object): Promise<SdkReservation>;
  available(agent: Agent): Promise<void>;
  /** Event types about `taskSid` in the Events API, oldest first. */
  eventTypes(taskSid: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface Agent {
  sid: string;
  name: string;
  sdk: SdkWorker;
}

export async function startTransferWorld(
  options: { clock?: SimulatedClock; database?: "memory" | "sqlite" } = {},
): Promise<TransferWorld> {
  const f = await startFixture({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.database ? { database: options.database } : {}),
  });
  const ws = f.t.client.taskrouter.v1.workspaces(f.workspaceSid);
  const billing = await ws.taskQueues.create({ friendlyName: "billing", targetWorkers: 'dept == "billing"' });
  const agent = async (name: string, attributes: object): Promise<Agent> => {
    const sid = await f.createWorker(name, attributes);
    const sdk = f.connect(sid);
    await next(sdk, "ready");
    return { sid, name, sdk };
  };
  const agents = {
    alice: await agent("alice", { dept: "support", contact_uri: "client:alice" }),
    bob: await agent("bob", { dept: "billing", contact_uri: "client:bob" }),
    carol: await agent("carol", { dept: "billing", contact_uri: "client:carol" }),
  };
  const world: TransferWorld = {
    f,
    billingSid: billing.sid,
    agents,
    async available(a) {
      const changed = next(a.sdk, "activityUpdated");
      await ws.workers(a.sid).update({ activitySid: f.activities.available });
      await changed;
    },
    async aliceHolding(attributes = { type: "support" }) {
      await world.available(agents.alice);
      const offered = next<SdkReservation>(agents.alice.sdk, "reservationCreated");
      await f.createTask(attributes);
      const reservation = await offered;
      await reservation.accept();
      return reservation;
    },
    async eventTypes(taskSid) {
      const events = await ws.events.list({ taskSid, pageSize: 1000 });
      return events.map((e) => e.eventType).reverse();
    },
    close: () => f.close(),
  };
  return world;
}

/** `sequence` appears in `all` in this order (other events may sit between them). */
export function inOrder(all: string[], sequence: string[]): boolean {
  let at = 0;
  for (const type of all) if (type === sequence[at]) at++;
  return at === sequence.length;
}

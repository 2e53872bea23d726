/**
 * Three agents on the worker SDK for the transfer and voice tests: alice holds an accepted
 * reservation of a task, bob and carol are in the "billing" queue (`dept == "billing"`) and go
 * available when a test says so; a caller's simulated call (docs/voice.md) and its conference.
 * Everything the tests look at goes through the SDK, the twilio REST client or the Events API.
 */
import type { OutgoingTransfer, TransferOptions } from "twilio-taskrouter";
import { expect } from "vitest";
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
  /**
   * alice holds a task (`mine`), `to` goes available and alice transfers the task to it: the
   * target's offer and alice's outgoing transfer, once both arrived.
   */
  aliceTransfers(
    to: Agent,
    options?: TransferOptions,
  ): Promise<{ mine: SdkReservation; theirs: SdkReservation; outgoing: OutgoingTransfer }>;
  /** worker SID -> reservation status of the task's reservations (REST). */
  reservationsOf(taskSid: string): Promise<Record<string, string>>;
  /** Event types about `taskSid` in the Events API, oldest first. */
  eventTypes(taskSid: string): Promise<string[]>;
  /** A caller's simulated call that <Enqueue>s a support task; its call SID. */
  placeCall(): Promise<string>;
  /** The caller's call waits for alice; she answers with conference() from the SDK. */
  aliceInConference(): Promise<{ reservation: SdkReservation; callSid: string; cf: string }>;
  /** call SID -> hold and mute of a conference's participants (REST). */
  participants(cf: string): Promise<Record<string, { hold: boolean; muted: boolean }>>;
  /** The agent's leg: the participant whose call goes to the agent's contact_uri. */
  legOf(cf: string, agent: Agent): Promise<string | undefined>;
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
    async aliceTransfers(to, options = {}) {
      const mine = await world.aliceHolding();
      await world.available(to);
      const offered = next<SdkReservation>(to.sdk, "reservationCreated");
      const initiated = next<OutgoingTransfer>(mine.task, "transferInitiated");
      await mine.task.transfer(to.sid, options);
      return { mine, theirs: await offered, outgoing: await initiated };
    },
    async reservationsOf(taskSid) {
      const list = await ws.tasks(taskSid).reservations.list();
      return Object.fromEntries(list.map((r) => [r.workerSid, r.reservationStatus]));
    },
    async eventTypes(taskSid) {
      const events = await ws.events.list({ taskSid, pageSize: 1000 });
      return events.map((e) => e.eventType).reverse();
    },
    async placeCall() {
      const auth = `Basic ${Buffer.from(`${f.t.accountSid}:${f.t.authToken}`).toString("base64")}`;
      const response = await fetch(`${f.t.baseUrl}/tasklane/v1/Calls`, {
        method: "POST",
        headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          To: "+15550001000",
          From: "+15557770001",
          Twiml: `<Response><Enqueue workflowSid="${f.workflowSid}"><Task>{"type":"support"}</Task></Enqueue></Response>`,
        }).toString(),
      });
      expect(response.status).toBe(201);
      return String(((await response.json()) as { sid: string }).sid);
    },
    async aliceInConference() {
      await world.available(agents.alice);
      const offered = next<SdkReservation>(agents.alice.sdk, "reservationCreated");
      const callSid = await world.placeCall();
      const reservation = await offered;
      const accepted = next(reservation, "accepted");
      await reservation.conference();
      await accepted;
      await f.t.server.voice.idle();
      const task = await ws.tasks(reservation.task.sid).fetch();
      const cf = (JSON.parse(task.attributes) as { conference: { sid: string } }).conference.sid;
      return { reservation, callSid, cf };
    },
    async participants(cf) {
      const list = await f.t.client.conferences(cf).participants.list();
      return Object.fromEntries(list.map((p) => [p.callSid, { hold: p.hold, muted: p.muted }]));
    },
    async legOf(cf, agent) {
      for (const p of await f.t.client.conferences(cf).participants.list()) {
        const call = await f.t.client.calls(p.callSid).fetch();
        if (call.to === `client:${agent.name}`) return p.callSid;
      }
      return undefined;
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

/** The message of the error `p` rejects with, "" when it resolves. */
export function refusal(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "",
    (error: Error) => error.message,
  );
}

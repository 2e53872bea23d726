import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../support/server.ts";
import { newWorkspace, raw, rejection, startServer, type Workspace } from "./fixture.ts";
import { type RoutingSetup, routingSetup } from "./routing-setup.ts";

/** A worker with the queue's skills, made Available, and a task that gets reserved for it. */
async function reservedTask(ws: Workspace, setup: RoutingSetup, name = "Alice") {
  const worker = await ws.workers.create({
    friendlyName: name,
    attributes: JSON.stringify({ skills: ["english", "support"] }),
  });
  await ws.workers(worker.sid).update({ activitySid: setup.available });
  const task = await ws.tasks.create({ workflowSid: setup.workflowSid, attributes: '{"type":"support"}' });
  return { worker, task };
}

describe("Reservations and routing over HTTP", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("routes a task to a skilled worker: reserved, accepted, assigned, completed", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const { worker, task } = await reservedTask(ws, setup);

    const reserved = await ws.tasks(task.sid).fetch();
    expect(reserved.assignmentStatus).toBe("reserved");

    const reservations = await ws.tasks(task.sid).reservations.list();
    expect(reservations).toHaveLength(1);
    const [reservation] = reservations;
    if (reservation === undefined) throw new Error("no reservation");
    expect(reservation.sid).toMatch(/^WR[0-9a-f]{32}$/);
    expect(reservation.reservationStatus).toBe("pending");
    expect(reservation.workerSid).toBe(worker.sid);
    expect(reservation.workerName).toBe("Alice");
    const base = `${t.baseUrl}/v1/Workspaces/${wsSid}`;
    expect(reservation.url).toBe(`${base}/Tasks/${task.sid}/Reservations/${reservation.sid}`);
    expect(reservation.links).toEqual({
      task: `${base}/Tasks/${task.sid}`,
      worker: `${base}/Workers/${worker.sid}`,
      workspace: base,
    });

    const viaWorker = await ws.workers(worker.sid).reservations.list({ reservationStatus: "pending" });
    expect(viaWorker.map((r) => r.sid)).toEqual([reservation.sid]);
    expect(viaWorker[0]?.url).toBe(`${base}/Workers/${worker.sid}/Reservations/${reservation.sid}`);
    expect((await ws.workers(worker.sid).reservations(reservation.sid).fetch()).taskSid).toBe(task.sid);
    expect((await ws.tasks(task.sid).reservations(reservation.sid).fetch()).workerSid).toBe(worker.sid);

    const accepted = await ws
      .tasks(task.sid)
      .reservations(reservation.sid)
      .update({ reservationStatus: "accepted" });
    expect(accepted.reservationStatus).toBe("accepted");
    expect((await ws.tasks(task.sid).fetch()).assignmentStatus).toBe("assigned");
    const channel = await ws.workers(worker.sid).workerChannels("default").fetch();
    expect(channel.assignedTasks).toBe(1);
    expect(channel.availableCapacityPercentage).toBe(0);
    expect(channel.available).toBe(false);

    const completed = await ws.tasks(task.sid).update({ assignmentStatus: "completed", reason: "resolved" });
    expect(completed.assignmentStatus).toBe("completed");
    expect(completed.reason).toBe("resolved");
  });

  it("rejects with a WorkerActivitySid through the worker view", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const { worker, task } = await reservedTask(ws, setup);
    const [reservation] = await ws.workers(worker.sid).reservations.list();
    if (reservation === undefined) throw new Error("no reservation");

    const rejected = await ws
      .workers(worker.sid)
      .reservations(reservation.sid)
      .update({ reservationStatus: "rejected", workerActivitySid: setup.offline });
    expect(rejected.reservationStatus).toBe("rejected");
    const after = await ws.workers(worker.sid).fetch();
    expect(after.activitySid).toBe(setup.offline);
    expect(after.available).toBe(false);
    expect((await ws.tasks(task.sid).fetch()).assignmentStatus).toBe("pending");
    expect(await ws.tasks(task.sid).reservations.list({ reservationStatus: "rejected" })).toHaveLength(1);
    expect(await ws.tasks(task.sid).reservations.list({ reservationStatus: "pending" })).toHaveLength(0);
  });

  it("filters the task view by WorkerSid and serves ETags and If-Match", async () => {
    const { sid: wsSid, ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const { worker, task } = await reservedTask(ws, setup);
    expect(await ws.tasks(task.sid).reservations.list({ workerSid: worker.sid })).toHaveLength(1);
    expect(
      await ws.tasks(task.sid).reservations.list({ workerSid: "WK00000000000000000000000000000001" }),
    ).toHaveLength(0);

    const list = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Tasks/${task.sid}/Reservations`);
    expect(list.headers.get("etag")).toMatch(/^"\d+"$/);
    expect((list.json.meta as { key: string }).key).toBe("reservations");
    const [first] = list.json.reservations as Array<{ sid: string }>;
    const sid = first?.sid ?? "";

    const stale = await rejection(() =>
      ws.tasks(task.sid).reservations(sid).update({ reservationStatus: "accepted", ifMatch: '"999"' }),
    );
    expect(stale.status).toBe(412);
    const fetched = await raw(t, "GET", `/v1/Workspaces/${wsSid}/Tasks/${task.sid}/Reservations/${sid}`);
    const ok = await raw(t, "POST", `/v1/Workspaces/${wsSid}/Workers/${worker.sid}/Reservations/${sid}`, {
      form: "ReservationStatus=accepted",
      headers: { "if-match": fetched.headers.get("etag") ?? "" },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.reservation_status).toBe("accepted");
  });

  it("accepts instruction fields and validates them, naming the field", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const { task } = await reservedTask(ws, setup);
    const [reservation] = await ws.tasks(task.sid).reservations.list();
    const r = ws.tasks(task.sid).reservations(reservation?.sid ?? "");
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => r.update({ reservationStatus: "done" as "accepted" }), "ReservationStatus"],
      [() => r.update({ workerActivitySid: "WK00000000000000000000000000000001" }), "WorkerActivitySid"],
      [
        () => r.update({ instruction: "conference", statusCallbackEvent: ["ringing", "bogus" as "ringing"] }),
        "StatusCallbackEvent",
      ],
      [
        () => r.update({ instruction: "conference", conferenceStatusCallbackEvent: ["begin" as "start"] }),
        "ConferenceStatusCallbackEvent",
      ],
      [() => r.update({ instruction: "conference", maxParticipants: 1 }), "MaxParticipants"],
      [
        () => r.update({ instruction: "dequeue", dequeueTimeout: "soon" as unknown as number }),
        "DequeueTimeout",
      ],
      [
        () => r.update({ instruction: "redirect", redirectCallSid: "WR00000000000000000000000000000001" }),
        "RedirectCallSid",
      ],
      [() => r.update({ instruction: "call", callUrl: "not a url" }), "CallUrl"],
      [() => r.update({ instruction: "conference", waitMethod: "PUT" }), "WaitMethod"],
      [() => r.update({ instruction: "supervise", supervisorMode: "shout" as "monitor" }), "SupervisorMode"],
      [
        () => r.update({ instruction: "conference", endConferenceOnExit: "maybe" as unknown as boolean }),
        "EndConferenceOnExit",
      ],
    ];
    for (const [call, name] of cases) {
      const error = await rejection(call);
      expect(error.status, name).toBe(400);
      expect(error.message, name).toContain(name);
    }
    const dequeued = await r.update({
      instruction: "dequeue",
      dequeueFrom: "+15550001111",
      dequeuePostWorkActivitySid: setup.offline,
      dequeueStatusCallbackEvent: ["initiated", "completed"],
    });
    expect(dequeued.sid).toBe(reservation?.sid);
  });

  it("answers 404 for unknown tasks, workers and reservations, and for a reservation of another task", async () => {
    const { ws } = await newWorkspace(t);
    const setup = await routingSetup(ws);
    const { task } = await reservedTask(ws, setup);
    const other = await ws.tasks.create({ workflowSid: setup.workflowSid });
    const [reservation] = await ws.tasks(task.sid).reservations.list();
    const sid = reservation?.sid ?? "";
    expect((await rejection(() => ws.tasks(other.sid).reservations(sid).fetch())).status).toBe(404);
    expect(
      (await rejection(() => ws.tasks("WT00000000000000000000000000000001").reservations.list())).status,
    ).toBe(404);
    expect(
      (await rejection(() => ws.workers("WK00000000000000000000000000000001").reservations.list())).status,
    ).toBe(404);
    expect(
      (await rejection(() => ws.tasks(task.sid).reservations("WR00000000000000000000000000000001").fetch()))
        .code,
    ).toBe(20404);
  });
});

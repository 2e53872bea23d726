/**
 * Issue 10 item 8: only a live reservation grants a worker token access to a task. The attack: a
 * worker rejects its reservation, the task goes to another worker who accepts it, and the first
 * worker rewrites the task through its old reservation. Per operation (src/gateway/http/call.ts):
 * reading needs pending/accepted/wrapping, updating the task needs accepted/wrapping.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fixture, next, type SdkReservation, type SdkWorker, startFixture } from "./harness.ts";

interface EbAnswer {
  status: number;
  body: { payload?: Record<string, unknown>; message?: string; code?: number };
}

describe("a worker token and reservations it no longer holds", () => {
  let f: Fixture;
  let rita: string;
  let sam: string;
  let ritaWorker: SdkWorker;
  let samWorker: SdkWorker;
  let rejected: SdkReservation;
  let accepted: SdkReservation;

  async function eb(token: string, url: string, method = "GET", params: object = {}): Promise<EbAnswer> {
    const response = await fetch(f.ebServer, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", apiVersion: "v1" },
      body: JSON.stringify({ url, method, params, token }),
    });
    return { status: response.status, body: (await response.json()) as EbAnswer["body"] };
  }
  const ws = (path: string) => `Workspaces/${f.workspaceSid}/${path}`;
  const attributesOf = async (taskSid: string) =>
    JSON.parse((await f.t.client.taskrouter.v1.workspaces(f.workspaceSid).tasks(taskSid).fetch()).attributes);

  beforeAll(async () => {
    f = await startFixture();
    rita = await f.createWorker("rita");
    sam = await f.createWorker("sam");
    ritaWorker = f.connect(rita);
    samWorker = f.connect(sam);
    await Promise.all([next(ritaWorker, "ready"), next(samWorker, "ready")]);
    const offered = next<SdkReservation>(ritaWorker, "reservationCreated");
    await ritaWorker.activities.get(f.activities.available)?.setAsCurrent();
    await f.createTask({ type: "support", customer: "original" });
    rejected = await offered;
    await rejected.reject({ activitySid: f.activities.unavailable });
    const forSam = next<SdkReservation>(samWorker, "reservationCreated");
    await samWorker.activities.get(f.activities.available)?.setAsCurrent();
    accepted = await forSam;
    expect(accepted.task.sid).toBe(rejected.task.sid);
    await accepted.accept();
  });
  afterAll(async () => {
    await f.close();
  });

  it("refuses, through the SDK, to rewrite a task another worker accepted", async () => {
    const refusal = await rejected.task.setAttributes({ customer: "rewritten" }).then(
      () => null,
      (error: { name: string; message: string }) => error,
    );
    expect(refusal?.name).toBe("REQUEST_INVALID");
    expect(refusal?.message).toContain("403");
    expect(refusal?.message).toContain("rejected");
    await expect(rejected.task.complete("stolen")).rejects.toMatchObject({ name: "REQUEST_INVALID" });
    expect(await attributesOf(accepted.task.sid)).toEqual({ type: "support", customer: "original" });
    const state = await f.t.client.taskrouter.v1.workspaces(f.workspaceSid).tasks(accepted.task.sid).fetch();
    expect(state.assignmentStatus).toBe("assigned");
  });

  it("refuses every other task and reservation call through the old reservation", async () => {
    const token = f.token(rita);
    const taskSid = rejected.task.sid;
    const calls: Array<[string, string, object]> = [
      ["GET", `Tasks/${taskSid}`, {}],
      ["POST", `Tasks/${taskSid}`, { Priority: 99 }],
      ["POST", `Tasks/${taskSid}`, { AssignmentStatus: "wrapping" }],
      ["GET", `Tasks/${taskSid}/Reservations/${rejected.sid}`, {}],
      ["POST", `Tasks/${taskSid}/Reservations/${rejected.sid}`, { ReservationStatus: "accepted" }],
      ["GET", `Workers/${rita}/Reservations/${rejected.sid}`, {}],
      ["POST", `Workers/${rita}/Reservations/${rejected.sid}`, { Instruction: "redirect", RedirectUrl: "x" }],
    ];
    for (const [method, path, params] of calls) {
      const answer = await eb(token, ws(path), method, params);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
      expect(answer.body).toMatchObject({ code: 20403, status: 403 });
      expect(answer.body.message).toContain("rejected");
    }
    // The worker's reservation list shows only live reservations (a finished one nests the task).
    const list = await eb(token, ws(`Workers/${rita}/Reservations`));
    expect(list.status).toBe(200);
    expect(list.body.payload?.contents).toEqual([]);
    // The worker that accepted keeps full access.
    const own = await eb(f.token(sam), ws(`Tasks/${taskSid}`), "POST", { Attributes: { note: "sam" } });
    expect(own.status).toBe(200);
  });

  it("lets a pending reservation read its task but not update it until accepted", async () => {
    await samWorker.activities.get(f.activities.unavailable)?.setAsCurrent();
    const offered = next<SdkReservation>(ritaWorker, "reservationCreated");
    await ritaWorker.activities.get(f.activities.available)?.setAsCurrent();
    const taskSid = await f.createTask({ type: "second" });
    const pending = await offered;
    expect(pending.task.sid).toBe(taskSid);
    const token = f.token(rita);
    expect((await eb(token, ws(`Tasks/${taskSid}`))).status).toBe(200);
    const early = await eb(token, ws(`Tasks/${taskSid}`), "POST", { Attributes: { early: true } });
    expect(early.status).toBe(403);
    expect(early.body.message).toContain("accepted or wrapping");
    await pending.accept();
    const updated = await pending.task.setAttributes({ type: "second", handled: true });
    expect(updated.attributes).toEqual({ type: "second", handled: true });
    await pending.task.wrapUp({ reason: "done" });
    await pending.task.complete("resolved");
    // Completed: history now, no longer the worker's to read or change.
    expect((await eb(token, ws(`Tasks/${taskSid}`))).status).toBe(403);
  });
});

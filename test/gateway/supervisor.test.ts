/**
 * Supervisor tokens (role "supervisor" in the TaskRouter grant) with the SDK's Supervisor class:
 * it may change other workers' activity and attributes and monitor their reservations; a worker
 * token may not (403), and a role the gateway does not know is refused when the token is checked.
 */
import twilio from "twilio";
import taskrouter from "twilio-taskrouter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fixture, next, type SdkReservation, type SdkWorker, startFixture } from "./harness.ts";

describe("supervisor tokens", () => {
  let f: Fixture;
  let alice: string;
  let sue: string;
  let aliceSdk: SdkWorker;
  let supervisor: InstanceType<typeof taskrouter.Supervisor>;

  function tokenFor(workerSid: string, role: string): string {
    const at = new twilio.jwt.AccessToken(f.t.accountSid, f.key.sid, f.key.secret, {
      identity: workerSid,
      ttl: 3600,
    });
    at.addGrant(
      new twilio.jwt.AccessToken.TaskRouterGrant({ workspaceSid: f.workspaceSid, workerSid, role }),
    );
    return at.toJwt();
  }

  beforeAll(async () => {
    f = await startFixture();
    alice = await f.createWorker("alice");
    sue = await f.createWorker("sue", { role: "supervisor" });
    aliceSdk = f.connect(alice);
    supervisor = new taskrouter.Supervisor(tokenFor(sue, "supervisor"), {
      ebServer: f.ebServer,
      wsServer: f.wsServer,
      logLevel: "silent",
    });
    await Promise.all([next(aliceSdk, "ready"), next(supervisor as unknown as SdkWorker, "ready")]);
  });
  afterAll(async () => {
    supervisor.disconnect();
    await f.close();
  });
  const rest = () => f.t.client.taskrouter.v1.workspaces(f.workspaceSid);

  it("sets another worker's activity and attributes", async () => {
    const changed = next(aliceSdk, "activityUpdated");
    await supervisor.setWorkerActivity(alice, f.activities.available);
    await changed;
    expect((await rest().workers(alice).fetch()).activitySid).toBe(f.activities.available);
    await supervisor.setWorkerAttributes(alice, { skills: ["billing"] });
    expect(JSON.parse((await rest().workers(alice).fetch()).attributes)).toEqual({ skills: ["billing"] });
  });

  it("monitors another worker's reservation", async () => {
    if (!aliceSdk.activity.available) await supervisor.setWorkerActivity(alice, f.activities.available);
    const offered = next<SdkReservation>(aliceSdk, "reservationCreated");
    await f.createTask();
    const reservation = await offered;
    await reservation.accept();
    await expect(supervisor.monitor(reservation.task.sid, reservation.sid, {})).resolves.toBeUndefined();
    await reservation.task.complete("done");
  });

  it("a worker token may not act as a supervisor", async () => {
    const impostor = new taskrouter.Supervisor(f.token(alice), {
      ebServer: f.ebServer,
      wsServer: f.wsServer,
      logLevel: "silent",
    });
    await next(impostor as unknown as SdkWorker, "ready");
    const refusal = await impostor.setWorkerActivity(sue, f.activities.available).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(refusal).toMatch(/status code 403/);
    impostor.disconnect();
  });
});

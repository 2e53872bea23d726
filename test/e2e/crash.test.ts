/**
 * Crash safety on the real process: a burst of concurrent writes (task creates, accepts, completes),
 * `kill -9` in the middle of it, restart on the same SQLite file. Afterwards every acknowledged change
 * is there, no task holds two accepted reservations, worker capacity adds up, and timers armed before
 * the crash fire at their original times.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clientFor, type TwilioClient } from "../support/twilio-client.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "tasklane-crash-"));
const ACCOUNT = `AC${"c".repeat(32)}`;
const TOKEN = "t".repeat(32);
const env = {
  ...process.env,
  PORT: "0",
  HOST: "127.0.0.1",
  DATABASE_URL: `sqlite:${join(dir, "tasklane.db")}`,
  TASKLANE_ACCOUNT_SID: ACCOUNT,
  TASKLANE_AUTH_TOKEN: TOKEN,
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env });
  let text = "";
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) ok({ child, url: match[1] });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`server exited with ${code}:\n${text}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("kill -9 during a burst of writes", () => {
  it("keeps every acknowledged change and the routing invariants", async () => {
    const first = await start();
    let client: TwilioClient = clientFor(first.url, ACCOUNT, TOKEN);
    const wsSid = (await client.taskrouter.v1.workspaces.create({ friendlyName: "crash" })).sid;
    let ws = client.taskrouter.v1.workspaces(wsSid);
    const available = (await ws.activities.list()).find((a) => a.friendlyName === "Available")?.sid;
    const queue = await ws.taskQueues.create({ friendlyName: "all", targetWorkers: "1==1" });
    const workflow = await ws.workflows.create({
      friendlyName: "wf",
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }),
    });
    for (let i = 0; i < 6; i++) await ws.workers.create({ friendlyName: `w${i}`, activitySid: available });

    // Timers armed before the crash: tasks with a 3 s TTL waiting in a queue nobody serves.
    const nobody = await ws.taskQueues.create({ friendlyName: "nobody", targetWorkers: 'skills HAS "none"' });
    const waiting = await ws.workflows.create({
      friendlyName: "waiting",
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: nobody.sid } } }),
    });
    const ttlStart = Date.now();
    const shortLived: string[] = [];
    for (let i = 0; i < 3; i++) {
      shortLived.push((await ws.tasks.create({ workflowSid: waiting.sid, timeout: 3 })).sid);
    }

    const created = new Set<string>();
    const accepted = new Map<string, string>(); // task -> reservation acknowledged as accepted
    const completed = new Set<string>();
    let stop = false;
    const workerSids = (await ws.workers.list()).map((w) => w.sid);
    const creator = async () => {
      while (!stop) {
        try {
          const task = await ws.tasks.create({ workflowSid: workflow.sid, priority: 10, timeout: 600 });
          created.add(task.sid);
        } catch {
          await sleep(5); // requests in flight when the process dies fail; only acknowledged ones count
        }
      }
    };
    const server = async (workerSid: string) => {
      while (!stop) {
        try {
          const [reservation] = await ws
            .workers(workerSid)
            .reservations.list({ reservationStatus: "pending" });
          if (!reservation) continue;
          await ws.workers(workerSid).reservations(reservation.sid).update({ reservationStatus: "accepted" });
          accepted.set(reservation.taskSid, reservation.sid);
          await ws.tasks(reservation.taskSid).update({ assignmentStatus: "completed", reason: "done" });
          completed.add(reservation.taskSid);
        } catch {
          await sleep(5);
        }
      }
    };
    const loops = [creator(), creator(), ...workerSids.map(server)];
    await sleep(1500);
    const exited = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL");
    await exited;
    stop = true;
    await Promise.all(loops);
    expect(created.size).toBeGreaterThan(5);
    expect(completed.size).toBeGreaterThan(0);
    console.log(
      `crash test: ${created.size} tasks created, ${accepted.size} accepted, ${completed.size} completed before kill -9`,
    );

    const second = await start();
    client = clientFor(second.url, ACCOUNT, TOKEN);
    ws = client.taskrouter.v1.workspaces(wsSid);
    try {
      const tasks = new Map((await ws.tasks.list()).map((t) => [t.sid, t]));
      for (const sid of created) expect(tasks.has(sid), `acknowledged task ${sid}`).toBe(true);
      for (const sid of completed) expect(tasks.get(sid)?.assignmentStatus).toBe("completed");
      for (const [taskSid, reservationSid] of accepted) {
        const r = await ws.tasks(taskSid).reservations(reservationSid).fetch();
        expect(["accepted", "wrapping", "completed"]).toContain(r.reservationStatus);
      }
      // No task holds two accepted reservations; no worker holds more than its capacity of 1.
      const perWorker = new Map<string, number>();
      for (const task of tasks.values()) {
        const reservations = await ws.tasks(task.sid).reservations.list();
        const active = reservations.filter((r) => ["accepted", "wrapping"].includes(r.reservationStatus));
        const live = reservations.filter((r) =>
          ["pending", "accepted", "wrapping"].includes(r.reservationStatus),
        );
        expect(active.length, `task ${task.sid}`).toBeLessThanOrEqual(1);
        for (const r of live) perWorker.set(r.workerSid, (perWorker.get(r.workerSid) ?? 0) + 1);
      }
      for (const [worker, n] of perWorker) expect(n, `worker ${worker}`).toBeLessThanOrEqual(1);

      // The 3 s TTLs armed before the crash fire at their original time, not 3 s after the restart.
      await sleep(Math.max(0, ttlStart + 3500 - Date.now()));
      for (const sid of shortLived) {
        const t = await ws.tasks(sid).fetch();
        expect(t.assignmentStatus, `task ${sid}`).toBe("canceled");
        expect(t.reason).toBe("Task TTL Exceeded");
      }
    } finally {
      const done = new Promise((r) => second.child.once("exit", r));
      second.child.kill("SIGTERM");
      await done;
    }
  }, 60_000);
});

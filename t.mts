import { startTestServer } from "./test/support/server.ts";

const t = await startTestServer({ database: "sqlite" });
const ws = t.client.taskrouter.v1.workspaces(
  (await t.client.taskrouter.v1.workspaces.create({ friendlyName: "big" })).sid,
);
const queues = [];
for (let i = 0; i < 20; i++)
  queues.push((await ws.taskQueues.create({ friendlyName: `q${i}`, targetWorkers: `skill == "s${i}"` })).sid);
const filters = Array.from({ length: 200 }, (_, i) => ({
  filter_friendly_name: `f${i}`,
  expression: `type == "t${i}" AND level > ${i}`,
  targets: queues
    .slice(0, 10)
    .map((q, j) => ({ queue: q, timeout: 30 + j, priority: j, expression: `worker.level > ${j}` })),
}));
const config = JSON.stringify({ task_routing: { filters, default_filter: { queue: queues[0] } } });
const wf = await ws.workflows.create({ friendlyName: "wf", configuration: config });
const acts = await ws.activities.list();
const avail = acts.find((a) => a.friendlyName === "Available")!.sid;
const wk = [];
for (let i = 0; i < 200; i++)
  wk.push(
    ws.workers.create({
      friendlyName: `w${i}`,
      attributes: JSON.stringify({ skill: `s${i % 20}`, level: 0 }),
      activitySid: avail,
    }),
  );
await Promise.all(wk);
const batch = [];
for (let i = 0; i < 1000; i++)
  batch.push(
    ws.tasks.create({
      workflowSid: wf.sid,
      attributes: JSON.stringify({ type: `t${i % 60}`, level: 100, pad: "x".repeat(500) }),
    }),
  );
await Promise.all(batch);
let maxHealth = 0;
let stop = false;
const probe = (async () => {
  while (!stop) {
    const s = performance.now();
    await fetch(`${t.baseUrl}/healthz`);
    maxHealth = Math.max(maxHealth, performance.now() - s);
    await new Promise((r) => setTimeout(r, 5));
  }
})();
const t0 = performance.now();
await ws.workers
  .list()
  .then((ws2) =>
    Promise.all(
      ws2.map((w) => ws.workers(w.sid).update({ attributes: JSON.stringify({ skill: "s0", level: 10 }) })),
    ),
  );
const t1 = performance.now();
await ws.workflows(wf.sid).update({ configuration: config, reEvaluateTasks: "true" });
console.log("reeval only", (performance.now() - t1).toFixed(0));
const el = performance.now() - t0;
stop = true;
await probe;
console.log("update ms", el.toFixed(0), "max healthz ms", maxHealth.toFixed(0), "wf bytes", config.length);
await t.close();

/**
 * The callback client's cost: main-thread CPU per assignment-callback POST of Tasklane's
 * WebhookClient (src/events/delivery/webhook-client.ts: undici dispatch, capped pool, signature,
 * deadline, size bound) against a receiver in its own process (bench/workloads/receivers-child.ts),
 * in bursts of 10 as a group commit starts them. Reference, same run: a bare node:http POST over a
 * keep-alive agent with the same body and headers (no signature, deadline or bounds).
 */
import { Agent, request } from "node:http";
import { join } from "node:path";
import { ALLOW_ALL } from "../../src/events/delivery/target-policy.ts";
import { WebhookClient } from "../../src/events/delivery/webhook-client.ts";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";
import { spawnService } from "../workloads/child.ts";
import { cpuSince, threadCpu } from "../workloads/thread-cpu.ts";

const RECEIVERS = join(import.meta.dirname, "..", "workloads", "receivers-child.ts");
const BURST = 10;
const PARAMS: Record<string, string> = {
  AccountSid: `AC${"0".repeat(32)}`,
  WorkspaceSid: `WS${"4".repeat(32)}`,
  TaskSid: `WT${"1".repeat(32)}`,
  ReservationSid: `WR${"2".repeat(32)}`,
  WorkerSid: `WK${"3".repeat(32)}`,
  TaskAttributes: '{"type":"walk-in","language":"english","min_level":1}',
  WorkerAttributes: '{"skills":["billing","sales"],"languages":["english"],"level":3}',
  TaskAge: "0",
  TaskPriority: "0",
};

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const posts = quick ? 5_000 : 20_000;
  const receiver = await spawnService<{ url: string }>(RECEIVERS, {});
  const client = new WebhookClient({
    authToken: "0".repeat(32),
    policy: ALLOW_ALL,
    maxResponseBytes: 65_536,
    maxSocketsPerOrigin: 256,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = receiver.ready.url;
  const tasklane = () => client.post(url, PARAMS, { timeoutMs: 5_000, readBody: true }).then((r) => r.ok);
  const bare = () =>
    new Promise<boolean>((resolve) => {
      const body = new URLSearchParams(PARAMS).toString();
      const req = request(
        url,
        { method: "POST", agent, headers: { "content-type": "application/x-www-form-urlencoded" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode === 200));
        },
      );
      req.on("error", () => resolve(false));
      req.end(body);
    });
  try {
    const cost = async (post: () => Promise<boolean>, n: number) => {
      const start = threadCpu();
      for (let i = 0; i < n; i += BURST) {
        const ok = await Promise.all(Array.from({ length: BURST }, post));
        if (!ok.every(Boolean)) throw new Error("a callback POST failed");
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return cpuSince(start).main / n;
    };
    await cost(tasklane, posts / 4);
    await cost(bare, posts / 4);
    // Alternated halves, so a change in the machine's load hits both alike.
    let a = 0;
    let b = 0;
    for (let round = 0; round < 2; round++) {
      a += await cost(tasklane, posts / 2);
      b += await cost(bare, posts / 2);
    }
    return [
      {
        name: "assignment callback POST: main-thread CPU",
        value: a / 2,
        unit: "ms",
        reference: { name: "bare node:http keep-alive POST", value: b / 2 },
        ratio: a / b,
        notes: `${posts.toLocaleString("en")} POSTs in bursts of ${BURST} to a receiver in its own process; ratio = a cost (signature, deadline, bounds included)`,
      },
    ];
  } finally {
    client.stop();
    agent.destroy();
    await receiver.stop();
  }
}

/**
 * Open-loop load generator, run as its own process by the dispatch suite: sends POST requests at a
 * fixed rate (each request is due at start + i/rate, whatever the server's pace) over keep-alive
 * connections and measures each from its due time to the end of its response, so a slow server
 * shows up as latency rather than as a lower send rate. Prints one JSON line.
 *
 *   node --import tsx bench/workloads/paced-client.ts '{"url":…,"rate":1000,"seconds":10,…}'
 */
import { Agent, request } from "node:http";

interface Options {
  url: string;
  headers: Record<string, string>;
  body: string;
  rate: number;
  seconds: number;
  /** A response body must contain this string to count as a success (e.g. the reserved status). */
  expect?: string;
  /** Request i goes to urls[i % urls.length] (instead of `url`) with bodies[⌊i / urls.length⌋ % bodies.length]. */
  urls?: string[];
  bodies?: string[];
}

const STAMP = "__SENT_AT__";
const opts = JSON.parse(process.argv[2] ?? "{}") as Options;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const total = Math.round(opts.rate * opts.seconds);
const latencies: number[] = [];
let failures = 0;
let done = 0;
let sent = 0;
const start = performance.now();

function send(i: number, dueAt: number): void {
  const urls = opts.urls ?? [opts.url];
  const bodies = opts.bodies ?? [opts.body];
  const url = urls[i % urls.length] ?? opts.url;
  const body = bodies[Math.floor(i / urls.length) % bodies.length] ?? opts.body;
  const req = request(url, { method: "POST", agent, headers: opts.headers }, (res) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      text += chunk;
    });
    res.on("end", () => {
      latencies.push(performance.now() - dueAt);
      const ok = res.statusCode !== undefined && res.statusCode < 300;
      if (!ok || (opts.expect !== undefined && !text.includes(opts.expect))) failures++;
      if (++done === total) finish();
    });
  });
  req.on("error", () => {
    failures++;
    if (++done === total) finish();
  });
  // `__SENT_AT__` in the body becomes the request's due time (wall-clock ms), so receivers of what the
  // request causes (assignment callback, worker websocket) can measure from it.
  req.end(body.includes(STAMP) ? body.replace(STAMP, (performance.timeOrigin + dueAt).toFixed(3)) : body);
}

function pump(): void {
  const now = performance.now();
  const due = Math.min(total, Math.floor(((now - start) / 1000) * opts.rate) + 1);
  while (sent < due) {
    send(sent, start + (sent * 1000) / opts.rate);
    sent++;
  }
  if (sent < total) setTimeout(pump, 1);
}

function finish(): void {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const elapsed = (performance.now() - start) / 1000;
  console.log(
    JSON.stringify({
      sent: total,
      failures,
      p50: at(0.5),
      p99: at(0.99),
      max: at(1),
      achievedRate: total / elapsed,
    }),
  );
  agent.destroy();
}

pump();

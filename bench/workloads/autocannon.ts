/**
 * Runs autocannon as a separate process (so the load generator does not share the server's event
 * loop) and returns throughput and latency. Keep-alive connections, `connections` in flight.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

const BIN = join(import.meta.dirname, "..", "..", "node_modules", "autocannon", "autocannon.js");

export function autocannon(opts: {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const args = [BIN, "--json", "-c", String(opts.connections), "-d", String(opts.seconds)];
  if (opts.method) args.push("-m", opts.method);
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push("-H", `${k}=${v}`);
  if (opts.body !== undefined) args.push("-b", opts.body);
  args.push(opts.url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const r = JSON.parse(stdout) as {
        requests: { average: number; total?: number };
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
        "2xx": number;
      };
      resolve({
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        total: r["2xx"] + r.non2xx,
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}

/** An empty Fastify route on its own port: the HTTP stack's ceiling on this machine. */
export async function startEmptyRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const { default: Fastify } = await import("fastify");
  const app = Fastify({ logger: false });
  // Parse form bodies like Tasklane does, so both sides read the same request.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.all("/empty", async () => ({}));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/empty`, close: () => app.close() };
}

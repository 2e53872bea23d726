/**
 * The two places a reservation must reach in the dispatch benchmark, measured from the task-create
 * request's due time carried in the task's attributes (`sent_at`, wall-clock ms):
 * - an assignment callback receiver (node:http) that answers 200 with no instruction, so the
 *   reservation stays pending (and no extra load is caused);
 * - every worker's websocket, opened as the twilio-taskrouter SDK would (token in the query), where
 *   `reservation.created` frames arrive.
 * Both run in the benchmark's process, beside the server: their own work is part of the figure.
 */
import { createServer, type Server } from "node:http";
import twilio from "twilio";
import WebSocket from "ws";

export interface LegLatencies {
  callback: number[];
  websocket: number[];
}

const nowMs = () => performance.timeOrigin + performance.now();

function latencyOf(attributes: string | undefined): number | null {
  if (!attributes) return null;
  try {
    const sent = (JSON.parse(attributes) as { sent_at?: unknown }).sent_at;
    return typeof sent === "number" ? nowMs() - sent : null;
  } catch {
    return null;
  }
}

export async function startCallbackReceiver(
  latencies: number[],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const latency = latencyOf(new URLSearchParams(body).get("TaskAttributes") ?? undefined);
      if (latency !== null) latencies.push(latency);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/assign`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface WorkerSockets {
  close(): void;
}

/** Opens one socket per worker with a token signed by an API key; resolves once every `init` arrived. */
export async function openWorkerSockets(options: {
  wsUrl: string;
  accountSid: string;
  workspaceSid: string;
  workerSids: string[];
  key: { sid: string; secret: string };
  latencies: number[];
}): Promise<WorkerSockets> {
  const { AccessToken } = twilio.jwt;
  const sockets = await Promise.all(
    options.workerSids.map(
      (workerSid) =>
        new Promise<WebSocket>((resolve, reject) => {
          const token = new AccessToken(options.accountSid, options.key.sid, options.key.secret, {
            identity: workerSid,
            ttl: 3600,
          });
          token.addGrant(
            new AccessToken.TaskRouterGrant({
              workspaceSid: options.workspaceSid,
              workerSid,
              role: "worker",
            }),
          );
          const ws = new WebSocket(`${options.wsUrl}?token=${token.toJwt()}&closeExistingSessions=false`);
          ws.on("message", (data) => {
            const text = data.toString();
            if (text.trim() === "") return;
            const frame = JSON.parse(text) as {
              event_type: string;
              payload: { task?: { attributes?: string } };
            };
            if (frame.event_type === "init") resolve(ws);
            else if (frame.event_type === "reservation.created") {
              const latency = latencyOf(frame.payload.task?.attributes);
              if (latency !== null) options.latencies.push(latency);
            }
          });
          ws.once("error", reject);
        }),
    ),
  );
  return {
    close: () => {
      for (const ws of sockets) ws.terminate();
    },
  };
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

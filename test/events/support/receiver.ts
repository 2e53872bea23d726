/**
 * A real webhook receiver for tests: a node:http server on 127.0.0.1, port 0, that records every
 * request (full URL, headers, decoded form) and answers with what the current handler says.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  url: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
}

export interface Reply {
  status?: number;
  contentType?: string;
  body?: string;
  /** Never answer (the connection stays open until the receiver closes). */
  hang?: boolean;
}

export type Handler = (request: Received) => Reply;

export interface Receiver {
  url(path?: string): string;
  requests: Received[];
  setHandler(handler: Handler): void;
  /** Waits until `predicate(requests)` holds (a guard of a few seconds, not a timing assertion). */
  waitFor(predicate: (requests: Received[]) => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(handler: Handler = () => ({ status: 204 })): Promise<Receiver> {
  let current = handler;
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const address = server.address() as AddressInfo;
      const received: Received = {
        path: req.url ?? "/",
        url: `http://127.0.0.1:${address.port}${req.url ?? "/"}`,
        headers: req.headers,
        params: Object.fromEntries(new URLSearchParams(body)),
      };
      requests.push(received);
      const reply = current(received);
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, reply.contentType ? { "content-type": reply.contentType } : {});
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/") => `http://127.0.0.1:${port}${path}`,
    requests,
    setHandler(next) {
      current = next;
    },
    async waitFor(predicate, what = "condition") {
      for (let i = 0; i < 500; i += 1) {
        if (predicate(requests)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`receiver: gave up waiting for ${what}; got ${requests.length} requests`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns true (a guard against hanging tests, not a timing assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

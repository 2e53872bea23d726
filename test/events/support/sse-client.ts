/** A minimal server-sent events client over node:http, with Basic auth, for the stream tests. */
import { request } from "node:http";
import type { TestServer } from "../../support/server.ts";

export interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

export interface SseConnection {
  status: number;
  messages: SseMessage[];
  comments: string[];
  ids(): number[];
  waitFor(predicate: (c: SseConnection) => boolean, what: string): Promise<void>;
  close(): void;
}

export function openStream(
  t: TestServer,
  wsSid: string,
  options: { lastEventId?: number; query?: string; auth?: boolean } = {},
): Promise<SseConnection> {
  const headers: Record<string, string> = {};
  if (options.auth !== false) {
    headers.authorization = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
  }
  if (options.lastEventId !== undefined) headers["last-event-id"] = String(options.lastEventId);
  const url = `${t.baseUrl}/tasklane/v1/Workspaces/${wsSid}/EventStream${options.query ?? ""}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const connection: SseConnection = {
        status: res.statusCode ?? 0,
        messages: [],
        comments: [],
        ids: () => connection.messages.map((m) => Number(m.id)),
        async waitFor(predicate, what) {
          for (let i = 0; i < 500; i += 1) {
            if (predicate(connection)) return;
            await new Promise((r) => setTimeout(r, 10));
          }
          throw new Error(`event stream: gave up waiting for ${what}; got ids ${connection.ids().join(",")}`);
        },
        close: () => req.destroy(),
      };
      let pending = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        pending += chunk;
        let end = pending.indexOf("\n\n");
        while (end >= 0) {
          parseBlock(pending.slice(0, end), connection);
          pending = pending.slice(end + 2);
          end = pending.indexOf("\n\n");
        }
      });
      res.on("error", () => {});
      resolve(connection);
    });
    req.on("error", (error) => {
      if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") reject(error);
    });
    req.end();
  });
}

function parseBlock(block: string, connection: SseConnection): void {
  const message: SseMessage = { id: undefined, event: undefined, data: "" };
  let isMessage = false;
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) connection.comments.push(line.slice(1).trim());
    else if (line.startsWith("id: ")) message.id = line.slice(4);
    else if (line.startsWith("event: ")) message.event = line.slice(7);
    else if (line.startsWith("data: ")) {
      message.data += line.slice(6);
      isMessage = true;
    }
  }
  if (isMessage) connection.messages.push(message);
}

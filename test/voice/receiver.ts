/**
 * A local webhook receiver for voice tests: routes by path, checks every request's
 * X-Twilio-Signature with the official twilio.validateRequest, and records what it got.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import twilio from "twilio";

export interface Received {
  path: string;
  method: string;
  params: Record<string, string>;
  signatureValid: boolean;
}

export type Handler = (
  params: Record<string, string>,
  query: Record<string, string>,
) => { type: string; body: string };

export interface Receiver {
  url(path: string): string;
  on(path: string, handler: Handler): void;
  received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(authToken: string): Promise<Receiver> {
  const handlers = new Map<string, Handler>();
  const received: Received[] = [];
  let base = "";
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const url = new URL(req.url ?? "/", base);
    const params =
      req.method === "POST"
        ? Object.fromEntries(new URLSearchParams(body))
        : Object.fromEntries(url.searchParams);
    const signatureValid = twilio.validateRequest(
      authToken,
      String(req.headers["x-twilio-signature"] ?? ""),
      `${base}${req.url}`,
      req.method === "POST" ? params : {},
    );
    received.push({ path: url.pathname, method: req.method ?? "", params, signatureValid });
    const handler = handlers.get(url.pathname);
    if (handler === undefined) {
      res.writeHead(404).end();
      return;
    }
    const answer = handler(params, Object.fromEntries(url.searchParams));
    res.writeHead(200, { "Content-Type": answer.type }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url: (path) => `${base}${path}`,
    on: (path, handler) => handlers.set(path, handler),
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function twiml(response: { toString(): string }): { type: string; body: string } {
  return { type: "text/xml", body: response.toString() };
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

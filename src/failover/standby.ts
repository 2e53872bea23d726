/**
 * What a node that is not the active writer answers (several nodes on one PostgreSQL database, see
 * docs/postgres.md): every request 503 with Twilio's error body, code 20503, and /healthz
 * `{"status":"standby"}` with 503, so a load balancer sends traffic to the active node only.
 *
 * Two places use it: the standby listener (a node waiting for the writer lease), and a hook on the
 * active node's app that switches it to these answers the instant it loses the lease.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { unavailable } from "../domain/errors.ts";
import { renderError } from "../wire/errors.ts";

export const STANDBY_MESSAGE = "standby: this node is not the active Tasklane node";

function answerAsStandby(path: string, reply: FastifyReply): FastifyReply {
  if (path === "/healthz") return reply.status(503).type("application/json").send({ status: "standby" });
  reply.header("Retry-After", "1");
  return renderError(reply, unavailable(STANDBY_MESSAGE));
}

export interface StandbyListener {
  port: number;
  /** Frees the port (idempotent). */
  close(): Promise<void>;
}

/** Listens on host:port (0 = any free port) and answers every request as a standby. */
export async function listenAsStandby(host: string, port: number): Promise<StandbyListener> {
  const app = Fastify({ forceCloseConnections: true });
  // Bodies are never read: drop them unparsed whatever their type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
  app.all("*", (request, reply) => answerAsStandby(request.url.split("?")[0] ?? "", reply));
  await app.listen({ port, host });
  const address = app.server.address();
  let closing: Promise<void> | null = null;
  return {
    port: typeof address === "object" && address !== null ? address.port : port,
    close: () => {
      closing ??= app.close();
      return closing;
    },
  };
}

/** From the moment `isStandby()` turns true, the active app answers as a standby too. */
export function standbyGate(app: FastifyInstance, isStandby: () => boolean): void {
  app.addHook("onRequest", async (request, reply) => {
    if (isStandby()) return answerAsStandby(request.url.split("?")[0] ?? "", reply);
  });
}

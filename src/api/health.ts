/**
 * Health and readiness, without credentials (load balancers, supervisors):
 *   GET /healthz  200 {"status":"ok"}, or 503 {"status":"unavailable","reason":…} when a write would
 *                 fail now (read-only database, full disk, database gone: see src/store/health.ts)
 *   GET /readyz   the same status code, with the detail: {"status":"ready"|"unavailable","store":{…}}
 * A standby node answers both with 503 before they get here (src/failover/standby.ts).
 */
import type { FastifyInstance } from "fastify";
import type { Store, StoreHealth } from "../store/port.ts";

export const HEALTH_PATHS = ["/healthz", "/readyz"] as const;

export function registerHealthRoutes(app: FastifyInstance, store: Store): void {
  const check = async (): Promise<StoreHealth> =>
    (await store.health?.()) ?? {
      adapter: "memory",
      writable: true,
      checkedAt: Date.now(),
      quarantinedRows: 0,
    };
  app.get("/healthz", async (_request, reply) => {
    const health = await check();
    if (health.writable) return { status: "ok" };
    return reply.status(503).send({ status: "unavailable", reason: health.reason });
  });
  app.get("/readyz", async (_request, reply) => {
    const health = await check();
    return reply
      .status(health.writable ? 200 : 503)
      .send({ status: health.writable ? "ready" : "unavailable", store: health });
  });
}

/**
 * GET /metrics in Prometheus's text format. Credentials are required as for the API (the figures
 * name workspaces, queues and activities) unless TASKLANE_METRICS_PUBLIC=1 opens it to anyone who
 * can reach the port (for a scraper on a private network).
 */
import type { FastifyPluginAsync } from "fastify";
import { ConfigError } from "../config/config-error.ts";
import type { TasklaneMetrics } from "./metrics.ts";

export const METRICS_PATH = "/metrics";

export function metricsArePublic(env: Record<string, string | undefined>): boolean {
  const raw = env.TASKLANE_METRICS_PUBLIC?.trim() ?? "";
  if (raw === "" || raw === "0") return false;
  if (raw === "1") return true;
  throw new ConfigError("TASKLANE_METRICS_PUBLIC", `expected 0 or 1, got "${raw}"`);
}

export function metricsPlugin(metrics: TasklaneMetrics): FastifyPluginAsync {
  return async (app) => {
    app.get(METRICS_PATH, async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  };
}

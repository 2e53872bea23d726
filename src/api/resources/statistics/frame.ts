/**
 * The per-request frame of every statistics handler: the workspace (404 if unknown or foreign), its
 * view and real-time statistics, `now`, the query, and the cumulative history of the runtime.
 */
import type { FastifyRequest } from "fastify";
import { internalError } from "../../../domain/errors.ts";
import type { RealTimeStatistics } from "../../../engine/stats/figures.ts";
import type { WorkspaceView } from "../../../engine/view.ts";
import type { Summary } from "../../../stats/cumulative/summary.ts";
import type { Params } from "../../../wire/params.ts";
import { type ApiDeps, query } from "../../context.ts";
import { scopeOf } from "../scope.ts";
import type { StatsWindow } from "./params.ts";

export interface StatsFrame {
  workspaceSid: string;
  accountSid: string;
  view: WorkspaceView;
  realtime: RealTimeStatistics;
  now: number;
  q: Params;
  /** Absolute URL under the workspace: url("TaskQueues", sid, "Statistics"). */
  url(...segments: string[]): string;
  summarize(scope: string, window: StatsWindow, channelSid: string | undefined, withWaits: boolean): Summary;
}

export function frameOf(deps: ApiDeps, request: FastifyRequest): StatsFrame {
  const scope = scopeOf(deps, request);
  const view = scope.view();
  const realtime = view.statistics?.();
  if (!realtime) throw internalError("Internal error: this engine keeps no statistics");
  const workspaceSid = scope.host.sid;
  return {
    workspaceSid,
    accountSid: scope.host.accountSid,
    view,
    realtime,
    now: deps.clock.now(),
    q: query(request),
    url: (...segments) => deps.url("v1", "Workspaces", workspaceSid, ...segments),
    summarize: (scopeKey, window, channelSid, withWaits) =>
      deps.runtime.statistics.summarize(workspaceSid, {
        scope: scopeKey,
        channelSid,
        start: window.start,
        end: window.end,
        withWaits,
      }),
  };
}

/** Decoding of the Task create/update form fields that need more than a plain decoder. */
import { invalidParameter, virtualStartInFuture, virtualStartTooEarly } from "../../domain/errors.ts";
import { EARLIEST_VIRTUAL_START_TIME } from "../../domain/limits.ts";
import type { Params } from "../params.ts";

export { TASK_STATUSES } from "../../domain/entities.ts";

/** VirtualStartTime: an ISO 8601 date, not in the future and not before 1900. Epoch ms. */
export function virtualStartTime(params: Params, now: number): number | undefined {
  const ms = params.date("VirtualStartTime");
  if (ms === undefined) return undefined;
  if (ms > now) throw virtualStartInFuture();
  if (ms < EARLIEST_VIRTUAL_START_TIME) throw virtualStartTooEarly();
  return ms;
}

/** RoutingTarget: the SID of a Worker (WK), TaskQueue (WQ) or Workflow (WW). */
export function routingTarget(params: Params): string | undefined {
  const value = params.string("RoutingTarget");
  if (value === undefined) return undefined;
  if (!/^(WK|WQ|WW)[0-9a-fA-F]{32}$/.test(value)) {
    throw invalidParameter(
      "RoutingTarget",
      `expected the SID of a Worker (WK), TaskQueue (WQ) or Workflow (WW), got "${value}"`,
    );
  }
  return value;
}

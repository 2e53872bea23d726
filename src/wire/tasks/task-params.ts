/** Decoding of the Task create/update form fields that need more than a plain decoder. */
import { invalidParameter } from "../../domain/errors.ts";
import type { Params } from "../params.ts";

export { TASK_STATUSES } from "../../domain/entities.ts";

/** Priority: 0 .. 2^31-1. */
export const MAX_PRIORITY = 2_147_483_647;
/** Timeout (TTL) in seconds: default 86,400, at most 1,209,600 (14 days). */
export const MAX_TASK_TIMEOUT = 1_209_600;
/** Task attributes are limited to 4,096 characters (TaskRouter's documented limit). */
export const MAX_ATTRIBUTES_LENGTH = 4096;

const EARLIEST_VIRTUAL_START = Date.UTC(1900, 0, 1);

/** VirtualStartTime: an ISO 8601 date, not in the future and not before 1900. Epoch ms. */
export function virtualStartTime(params: Params, now: number): number | undefined {
  const ms = params.date("VirtualStartTime");
  if (ms === undefined) return undefined;
  if (ms > now) throw invalidParameter("VirtualStartTime", "must not be in the future");
  if (ms < EARLIEST_VIRTUAL_START)
    throw invalidParameter("VirtualStartTime", "must not be before 1900-01-01");
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

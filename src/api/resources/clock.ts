/**
 * The controllable clock (a Tasklane addition, not a TaskRouter resource):
 *
 *   GET  /tasklane/v1/Clock                 -> { mode, now, now_ms, next_timer_at, url }
 *   POST /tasklane/v1/Clock  Advance=<s>    -> move forward by seconds (decimals allowed)
 *   POST /tasklane/v1/Clock  Time=<ISO>     -> move forward to a moment
 *
 * Only a server started with TASKLANE_CLOCK=simulated can be moved. Moving fires every timer that
 * falls due on the way (reservation timeouts, step timeouts, TTLs, retention), one at a time at its
 * own moment, and answers once their consequences are committed.
 */
import { SimulatedClock } from "../../domain/clock.ts";
import { invalidParameter, invalidState, missingParameter } from "../../domain/errors.ts";
import { advanceClockTo } from "../../runtime/clock-control.ts";
import { isoDate } from "../../wire/render.ts";
import type { ApiDeps } from "../context.ts";
import { body, type ResourcePlugin } from "../context.ts";

const PATH = "/tasklane/v1/Clock";
/** One year: far enough for any test, small enough to catch a unit mistake (ms sent as seconds). */
const MAX_ADVANCE_SECONDS = 366 * 24 * 3600;

function render(deps: ApiDeps) {
  const now = deps.clock.now();
  return {
    mode: deps.clock instanceof SimulatedClock ? "simulated" : "system",
    now: isoDate(now),
    now_ms: now,
    next_timer_at: isoDate(deps.runtime.nextWakeAt()),
    url: deps.url("tasklane", "v1", "Clock"),
  };
}

function targetOf(deps: ApiDeps, advance: string | undefined, time: number | undefined): number {
  const now = deps.clock.now();
  if (advance !== undefined && time !== undefined) {
    throw invalidParameter("Advance", "send either Advance or Time, not both");
  }
  if (time !== undefined) {
    if (time < now)
      throw invalidParameter("Time", `${isoDate(time)} is before the clock's time ${isoDate(now)}`);
    return time;
  }
  if (advance === undefined) throw missingParameter("Advance (or Time)");
  const seconds = Number(advance);
  if (!/^\d+(\.\d+)?$/.test(advance) || !Number.isFinite(seconds) || seconds > MAX_ADVANCE_SECONDS) {
    throw invalidParameter("Advance", `expected seconds from 0 to ${MAX_ADVANCE_SECONDS}, got "${advance}"`);
  }
  return now + Math.round(seconds * 1000);
}

export const clockPlugin: ResourcePlugin = async (app, { deps }) => {
  app.get(PATH, async () => render(deps));

  app.post(PATH, async (request) => {
    const clock = deps.clock;
    if (!(clock instanceof SimulatedClock)) {
      throw invalidState(
        "This server runs on the system clock; start it with TASKLANE_CLOCK=simulated to move time",
      );
    }
    const b = body(request);
    await advanceClockTo(deps.runtime, clock, targetOf(deps, b.string("Advance"), b.date("Time")));
    return render(deps);
  });
};

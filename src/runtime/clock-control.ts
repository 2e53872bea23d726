/**
 * Moving a simulated clock forward the way real time would pass: one timer at a time. Jumping
 * straight to the target would fire every due timer with the target as "now", so a reservation
 * created by a re-route at 120 s would start its own timeout at the target time instead of at 120 s.
 * Stepping to each wake-up in turn keeps every consequence at its own moment.
 */
import type { SimulatedClock } from "../domain/clock.ts";
import type { AccountRuntime } from "./account-runtime.ts";

/** Safety bound: a pathological setup (a timer re-armed at the same instant forever) cannot hang. */
const MAX_STEPS = 1_000_000;

export async function advanceClockTo(
  runtime: AccountRuntime,
  clock: SimulatedClock,
  target: number,
): Promise<void> {
  await runtime.idle();
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const next = runtime.nextWakeAt();
    if (next === null || next > target) break;
    // A timer due now (or in the past) fires at the current time; the clock never goes back.
    if (next > clock.now()) clock.set(next);
    else clock.advance(0);
    await runtime.idle();
    if (runtime.nextWakeAt() === next) break; // nothing fired: do not spin on it
  }
  if (target > clock.now()) clock.set(target);
  await runtime.idle();
}

/**
 * One timer for the whole process. `arm(at)` (re)schedules it for the earliest wake-up across all
 * workspaces; when it fires, `onFire(now)` runs the due ticks. With a clock that announces its jumps
 * (SimulatedClock) no real timer is used: every advance fires the due work synchronously.
 */
import type { RuntimeClock } from "./ports.ts";

/** setTimeout's ceiling (~24.8 days); longer waits are re-armed when it fires. */
const MAX_DELAY = 2 ** 31 - 1;

export class WakeTimer {
  private handle: NodeJS.Timeout | null = null;
  private readonly unsubscribe: (() => void) | null;
  private stopped = false;

  constructor(
    private readonly clock: RuntimeClock,
    private readonly onFire: (now: number) => void,
  ) {
    this.unsubscribe = clock.onAdvance ? clock.onAdvance((now) => this.fire(now)) : null;
  }

  /** Schedule for `at` (epoch ms), or disarm with null. */
  arm(at: number | null): void {
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
    if (at === null || this.stopped || this.unsubscribe !== null) return;
    const delay = Math.min(Math.max(at - this.clock.now(), 0), MAX_DELAY);
    this.handle = setTimeout(() => {
      this.handle = null;
      this.fire(this.clock.now());
    }, delay);
    this.handle.unref();
  }

  stop(): void {
    this.stopped = true;
    this.arm(null);
    this.unsubscribe?.();
  }

  private fire(now: number): void {
    if (!this.stopped) this.onFire(now);
  }
}

/**
 * Time is injected. The core never reads the wall clock: it receives `now` (epoch ms) with every
 * command. The shell asks a Clock for it. Tests and the test server use a SimulatedClock that only
 * moves when told to, which fires reservation timeouts, step timeouts and TTLs without sleeping.
 */

export interface Clock {
  now(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
};

export class SimulatedClock implements Clock {
  private current: number;
  private readonly listeners = new Set<(now: number) => void>();

  constructor(start: number = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Move forward by `ms` (never backwards) and notify listeners (the timer adapter). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.current += ms;
    for (const listener of this.listeners) listener(this.current);
    return this.current;
  }

  set(time: number): number {
    if (time < this.current) throw new RangeError("the simulated clock never moves backwards");
    return this.advance(time - this.current);
  }

  onAdvance(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

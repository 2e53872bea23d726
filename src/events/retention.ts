/**
 * Event log retention (TASKLANE_EVENT_RETENTION_DAYS, TaskRouter keeps 30 days): prunes events and
 * undelivered callbacks older than that, once at start and then every pruneIntervalMs.
 */
import type { Clock } from "../domain/clock.ts";
import type { Store } from "../store/port.ts";

export class EventRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly log: (line: string) => void,
  ) {}

  start(intervalMs: number): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Removes what is older than the retention; returns how many events went. */
  async prune(): Promise<number> {
    try {
      return await this.store.pruneEvents(this.clock.now() - this.retentionDays * 86_400_000);
    } catch (error) {
      this.log(`event retention: pruning failed: ${String(error)}`);
      return 0;
    }
  }
}

/**
 * The store's health, as /healthz and /readyz report it. "Healthy" means a write would succeed now:
 * each adapter's probe commits one tiny row (`store_health`), so a read-only database, a full disk or
 * an unreachable server fails the probe exactly as it fails every real write. Probes are cached for a
 * second (the routes are public: a flood of health checks must not become a flood of writes) and
 * bounded in time (a hung database answers "no answer within 2000 ms", not a hung health check).
 *
 * A small probe can pass while real commits fail: on a full disk SQLite reuses the WAL space of the
 * failed transaction, so a one-row write fits where a task does not. So a commit that failed for a
 * storage reason (the adapter says which: disk full, I/O error, read-only, connection lost) also
 * makes the store unhealthy, for STORAGE_FAILURE_MS after the last such failure or until a commit
 * succeeds. It expires on its own so that a node taken out of a load balancer (no more traffic, so no
 * successful commit) comes back once the probe passes again. A refused batch (bad content) is shown
 * in the detail but does not make the store unhealthy.
 */
import type { StoreHealth } from "./port.ts";

const CACHE_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;
export const STORAGE_FAILURE_MS = 30_000;

export class HealthProbe {
  private last: StoreHealth | null = null;
  private running: Promise<StoreHealth> | null = null;
  private lastWriteError: StoreHealth["lastWriteError"];
  private storageFailure: { reason: string; at: number } | null = null;

  constructor(
    private readonly adapter: StoreHealth["adapter"],
    /** Commits one row; rejects when a write cannot be made. */
    private readonly probe: () => Promise<void>,
    /** Entity rows moved aside at start (TASKLANE_QUARANTINE_BAD_ROWS). */
    private readonly quarantined: () => number,
  ) {}

  /** A commit failed: shown in the readiness detail until a later commit succeeds. */
  writeFailed(error: unknown, storageReason: boolean): void {
    const message = error instanceof Error ? error.message : String(error);
    const at = Date.now();
    this.lastWriteError = { message, at };
    if (storageReason) this.storageFailure = { reason: `writes fail: ${message}`, at };
  }

  writeSucceeded(): void {
    this.lastWriteError = undefined;
    this.storageFailure = null;
  }

  check(): Promise<StoreHealth> {
    const now = Date.now();
    if (this.last !== null && now - this.last.checkedAt < CACHE_MS) return Promise.resolve(this.current());
    this.running ??= this.run(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(now: number): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from the database within ${PROBE_TIMEOUT_MS} ms`)),
        PROBE_TIMEOUT_MS,
      );
      timer.unref();
    });
    let reason: string | undefined;
    try {
      await Promise.race([this.probe(), timeout]);
    } catch (error) {
      reason = `writes fail: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      clearTimeout(timer);
    }
    this.last = { adapter: this.adapter, writable: reason === undefined, checkedAt: now, quarantinedRows: 0 };
    if (reason !== undefined) this.last.reason = reason;
    return this.current();
  }

  private current(): StoreHealth {
    const health: StoreHealth = { ...(this.last as StoreHealth), quarantinedRows: this.quarantined() };
    const failure = this.storageFailure;
    if (health.writable && failure !== null && Date.now() - failure.at < STORAGE_FAILURE_MS) {
      health.writable = false;
      health.reason = failure.reason;
    }
    if (this.lastWriteError !== undefined) health.lastWriteError = this.lastWriteError;
    return health;
  }
}

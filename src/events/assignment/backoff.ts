/**
 * How long a task is held back after its assignment callbacks failed (both URLs): per task AND per
 * URL, so neither one task nor one dead receiver can burn reservations quickly.
 *
 *   task failures  n = consecutive failed callbacks of this task (reset by any answer for it)
 *   URL level      l = rises by one at most once per its own current delay while the URL keeps
 *                      failing (reset by any answer from it), so a burst of tasks hitting the same
 *                      dead receiver in one second raises it once, while a receiver down for minutes
 *                      reaches the longest delay
 *   hold           backoffDelay(max(n, l)) = base, 2×base, 4×base, ... capped at max (0 if base is 0)
 *
 * With the defaults (5 s doubling to 5 min) one task gets at most 4 reservations in its first
 * minute of failures and one per 5 minutes afterwards. Time comes from the injected clock, so the
 * simulated clock drives it in tests. Both maps are bounded (oldest entries dropped first).
 */
import { backoffDelay } from "../delivery/backoff.ts";

const MAX_ENTRIES = 10_000;

export interface HoldDecision {
  holdMs: number;
  taskFailures: number;
  urlLevel: number;
}

export class AssignmentBackoff {
  private readonly tasks = new Map<string, number>();
  private readonly urls = new Map<string, { level: number; raisedAt: number }>();

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly now: () => number,
  ) {}

  failed(workspaceSid: string, taskSid: string, url: string): HoldDecision {
    const key = `${workspaceSid}/${taskSid}`;
    const taskFailures = (this.tasks.get(key) ?? 0) + 1;
    remember(this.tasks, key, taskFailures);
    const now = this.now();
    const current = this.urls.get(url);
    let urlLevel = 1;
    if (current === undefined) remember(this.urls, url, { level: 1, raisedAt: now });
    else if (now >= current.raisedAt + this.delay(current.level)) {
      urlLevel = current.level + 1;
      remember(this.urls, url, { level: urlLevel, raisedAt: now });
    } else urlLevel = current.level;
    return { holdMs: this.delay(Math.max(taskFailures, urlLevel)), taskFailures, urlLevel };
  }

  /** The receiver at `url` answered for this task (with or without an instruction). */
  answered(workspaceSid: string, taskSid: string, url: string): void {
    this.tasks.delete(`${workspaceSid}/${taskSid}`);
    this.urls.delete(url);
  }

  private delay(attempt: number): number {
    return this.baseMs === 0 ? 0 : backoffDelay(attempt, this.baseMs, this.maxMs);
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

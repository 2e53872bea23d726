/**
 * All timers of a workspace in one ordered structure (a binary min-heap) with a single wake-up time.
 *
 * Timers are data: each one mirrors a field of an entity (Reservation.timeoutAt, the task's step
 * deadline, its TTL, Task.deleteAt). `arm(kind, sid, at)` records the current due time of one timer;
 * re-arming or disarming leaves the old heap entry in place, and it is dropped when it surfaces
 * (lazy deletion: an entry is live only while `armed` still holds the same time for its key), and
 * the heap is rebuilt without them when they outnumber the live entries.
 */

export type TimerKind = "reservation" | "step" | "ttl" | "delete";

export interface TimerEntry {
  at: number;
  kind: TimerKind;
  sid: string;
  seq: number;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class TimerQueue {
  private readonly heap: TimerEntry[] = [];
  /** kind -> sid -> due time of the live entry (no string keys built on the hot path). */
  private readonly armed: Record<TimerKind, Map<string, number>> = {
    reservation: new Map(),
    step: new Map(),
    ttl: new Map(),
    delete: new Map(),
  };
  private seq = 0;

  arm(kind: TimerKind, sid: string, at: number | null): void {
    const armed = this.armed[kind];
    if (at === null) {
      armed.delete(sid);
      return;
    }
    if (armed.get(sid) === at) return;
    armed.set(sid, at);
    this.push({ at, kind, sid, seq: this.seq++ });
    if (this.heap.length > 2 * this.liveCount() + 64) this.compact();
  }

  /** The earliest live entry, or undefined. Stale entries on top are discarded. */
  peek(): TimerEntry | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top) return undefined;
      if (this.armed[top.kind].get(top.sid) === top.at) return top;
      this.pop();
    }
  }

  /** Remove and return the earliest live entry due at or before `now`; it is disarmed. */
  takeDue(now: number): TimerEntry | undefined {
    const top = this.peek();
    if (!top || top.at > now) return undefined;
    this.pop();
    this.armed[top.kind].delete(top.sid);
    return top;
  }

  private liveCount(): number {
    const a = this.armed;
    return a.reservation.size + a.step.size + a.ttl.size + a.delete.size;
  }

  /** Drop stale entries (disarmed or re-armed) so they never outnumber live ones for long. */
  private compact(): void {
    const seen = new Set<string>();
    const live = this.heap
      .sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0))
      .filter((e) => {
        const key = `${e.kind}:${e.sid}`;
        if (seen.has(key) || this.armed[e.kind].get(e.sid) !== e.at) return false;
        seen.add(key);
        return true;
      });
    this.heap.length = 0;
    for (const e of live) this.push(e);
  }

  private push(entry: TimerEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as TimerEntry, h[parent] as TimerEntry)) break;
      [h[i], h[parent]] = [h[parent] as TimerEntry, h[i] as TimerEntry];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as TimerEntry, h[m] as TimerEntry)) m = l;
      if (r < h.length && before(h[r] as TimerEntry, h[m] as TimerEntry)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as TimerEntry, h[i] as TimerEntry];
      i = m;
    }
  }
}

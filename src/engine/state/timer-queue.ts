/**
 * All timers of a workspace in one ordered structure (a binary min-heap) with a single wake-up time.
 *
 * Timers are data: each one mirrors a field of an entity (Reservation.timeoutAt, the task's step
 * deadline, its TTL, Task.deleteAt) or of the routing indexes (a task's routing hold). `arm(kind, sid, at)` records the current due time of one timer;
 * re-arming or disarming leaves the old heap entry in place, and it is dropped when it surfaces
 * (lazy deletion: an entry is live only while `armed` still holds the same time for its key), and
 * the heap is rebuilt without them when they outnumber the live entries.
 */

import { BinaryHeap } from "../structures/binary-heap.ts";

export type TimerKind = "reservation" | "step" | "ttl" | "delete" | "hold" | "wrapup" | "overdue";

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
  private readonly heap = new BinaryHeap<TimerEntry>(before);
  /** kind -> sid -> due time of the live entry (no string keys built on the hot path). */
  private readonly armed: Record<TimerKind, Map<string, number>> = {
    reservation: new Map(),
    step: new Map(),
    ttl: new Map(),
    delete: new Map(),
    hold: new Map(),
    wrapup: new Map(),
    overdue: new Map(),
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
    this.heap.push({ at, kind, sid, seq: this.seq++ });
    if (this.heap.size > 2 * this.liveCount() + 64) this.compact();
  }

  /** The earliest live entry, or undefined. Stale entries on top are discarded. */
  peek(): TimerEntry | undefined {
    for (;;) {
      const top = this.heap.top();
      if (!top) return undefined;
      if (this.armed[top.kind].get(top.sid) === top.at) return top;
      this.heap.pop();
    }
  }

  /** Remove and return the earliest live entry due at or before `now`; it is disarmed. */
  takeDue(now: number): TimerEntry | undefined {
    const top = this.peek();
    if (!top || top.at > now) return undefined;
    this.heap.pop();
    this.armed[top.kind].delete(top.sid);
    return top;
  }

  private liveCount(): number {
    const a = this.armed;
    return (
      a.reservation.size +
      a.step.size +
      a.ttl.size +
      a.delete.size +
      a.hold.size +
      a.wrapup.size +
      a.overdue.size
    );
  }

  /** Drop stale entries (disarmed or re-armed) so they never outnumber live ones for long. */
  private compact(): void {
    const seen = new Set<string>();
    const live = [...this.heap.entries()]
      .sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0))
      .filter((e) => {
        const key = `${e.kind}:${e.sid}`;
        if (seen.has(key) || this.armed[e.kind].get(e.sid) !== e.at) return false;
        seen.add(key);
        return true;
      });
    this.heap.rebuild(live);
  }
}

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

/** A task's own timers: armed together, from the task's data, by `armTask`. */
export type TaskTimerKind = "step" | "ttl" | "delete" | "wrapup" | "overdue";
/** The other timers, armed one by one with `arm`. */
export type OtherTimerKind = Exclude<TimerKind, TaskTimerKind>;

/** Due times of one task's timers (null: not armed); what `armed` holds for it, in one record. */
export type TaskDue = Record<TaskTimerKind, number | null>;

const TASK_KINDS: ReadonlySet<TimerKind> = new Set<TimerKind>(["step", "ttl", "delete", "wrapup", "overdue"]);

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
  /**
   * task SID -> its task timers' due times, mirroring `armed` for the task kinds: re-filing a task
   * (several times per command) costs one lookup and five comparisons instead of five map updates.
   * No record means none of them is armed.
   */
  private readonly taskDue = new Map<string, TaskDue>();
  private seq = 0;

  arm(kind: OtherTimerKind, sid: string, at: number | null): void {
    this.set(kind, sid, at);
  }

  /** Arm (or disarm, null) every timer of a task at once; only the changed ones are touched. */
  armTask(sid: string, due: Readonly<TaskDue>): void {
    let rec = this.taskDue.get(sid);
    const none =
      due.ttl === null &&
      due.step === null &&
      due.delete === null &&
      due.wrapup === null &&
      due.overdue === null;
    if (rec === undefined) {
      if (none) return;
      rec = { ttl: null, step: null, delete: null, wrapup: null, overdue: null };
      this.taskDue.set(sid, rec);
    }
    if (rec.ttl !== due.ttl) {
      rec.ttl = due.ttl;
      this.set("ttl", sid, due.ttl);
    }
    if (rec.step !== due.step) {
      rec.step = due.step;
      this.set("step", sid, due.step);
    }
    if (rec.delete !== due.delete) {
      rec.delete = due.delete;
      this.set("delete", sid, due.delete);
    }
    if (rec.wrapup !== due.wrapup) {
      rec.wrapup = due.wrapup;
      this.set("wrapup", sid, due.wrapup);
    }
    if (rec.overdue !== due.overdue) {
      rec.overdue = due.overdue;
      this.set("overdue", sid, due.overdue);
    }
    if (none) this.taskDue.delete(sid);
  }

  private set(kind: TimerKind, sid: string, at: number | null): void {
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
    if (TASK_KINDS.has(top.kind)) {
      const rec = this.taskDue.get(top.sid);
      if (rec) this.disarmed(rec, top.kind);
    }
    return top;
  }

  private disarmed(rec: TaskDue, kind: TimerKind): void {
    if (kind === "ttl") rec.ttl = null;
    else if (kind === "step") rec.step = null;
    else if (kind === "delete") rec.delete = null;
    else if (kind === "wrapup") rec.wrapup = null;
    else if (kind === "overdue") rec.overdue = null;
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

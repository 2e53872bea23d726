/**
 * All timers of a workspace in one ordered structure (a binary min-heap) with a single wake-up time.
 *
 * Timers are data: each one mirrors a field of an entity (Reservation.timeoutAt, the task's step
 * deadline, its TTL, Task.deleteAt) or of the routing indexes (a task's routing hold). `arm(kind, sid, at)` records the current due time of one timer;
 * re-arming or disarming leaves the old heap entry in place, and it is dropped when it surfaces
 * (lazy deletion: an entry is live only while its timer still holds the same time: `armed` for a
 * reservation or hold, the task's record of due times for a task timer), and the heap is rebuilt
 * without them when they outnumber the live entries.
 */

import { BinaryHeap } from "../structures/binary-heap.ts";

export type TimerKind = "reservation" | "step" | "ttl" | "delete" | "hold" | "wrapup" | "overdue";

/** A task's own timers: armed together, from the task's data, by `armTask`. */
export type TaskTimerKind = "step" | "ttl" | "delete" | "wrapup" | "overdue";
/** The other timers, armed one by one with `arm`. */
export type OtherTimerKind = Exclude<TimerKind, TaskTimerKind>;

/** Due times of one task's timers (null: not armed); what `armed` holds for it, in one record. */
export type TaskDue = Record<TaskTimerKind, number | null>;

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
  /** kind -> sid -> due time of the live entry, for the timers armed one by one. */
  private readonly armed: Record<OtherTimerKind, Map<string, number>> = {
    reservation: new Map(),
    hold: new Map(),
  };
  /**
   * task SID -> its task timers' due times: the only record of them (a live task timer's entry
   * holds the same time). Re-filing a task (several times per command) costs one lookup and five
   * comparisons, and a changed timer one heap push, no map update. No record: none armed.
   */
  private readonly taskDue = new Map<string, TaskDue>();
  /** Task timers armed (non-null fields over all records): for the compaction threshold. */
  private taskArmed = 0;
  private seq = 0;

  arm(kind: OtherTimerKind, sid: string, at: number | null): void {
    const armed = this.armed[kind];
    if (at === null) {
      armed.delete(sid);
      return;
    }
    if (armed.get(sid) === at) return;
    armed.set(sid, at);
    this.push(kind, sid, at);
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
    // Five written-out blocks, not one method taking the kind: with `rec[kind]` behind a call the
    // engine bench read 41-76k decisions/s against 70-77k in six alternated runs (armTask runs on
    // every re-filing); the machine is noisy, but three of the six were below 46k.
    if (rec.ttl !== due.ttl) {
      this.count(rec.ttl, due.ttl);
      rec.ttl = due.ttl;
      if (due.ttl !== null) this.push("ttl", sid, due.ttl);
    }
    if (rec.step !== due.step) {
      this.count(rec.step, due.step);
      rec.step = due.step;
      if (due.step !== null) this.push("step", sid, due.step);
    }
    if (rec.delete !== due.delete) {
      this.count(rec.delete, due.delete);
      rec.delete = due.delete;
      if (due.delete !== null) this.push("delete", sid, due.delete);
    }
    if (rec.wrapup !== due.wrapup) {
      this.count(rec.wrapup, due.wrapup);
      rec.wrapup = due.wrapup;
      if (due.wrapup !== null) this.push("wrapup", sid, due.wrapup);
    }
    if (rec.overdue !== due.overdue) {
      this.count(rec.overdue, due.overdue);
      rec.overdue = due.overdue;
      if (due.overdue !== null) this.push("overdue", sid, due.overdue);
    }
    if (none) this.taskDue.delete(sid);
  }

  private count(before: number | null, after: number | null): void {
    if (before === null) {
      if (after !== null) this.taskArmed++;
    } else if (after === null) this.taskArmed--;
  }

  private push(kind: TimerKind, sid: string, at: number): void {
    this.heap.push({ at, kind, sid, seq: this.seq++ });
    if (this.heap.size > 2 * this.liveCount() + 64) this.compact();
  }

  /** Does the entry still hold its timer's current due time? */
  private live(e: TimerEntry): boolean {
    const kind = e.kind;
    if (kind === "reservation" || kind === "hold") return this.armed[kind].get(e.sid) === e.at;
    const rec = this.taskDue.get(e.sid);
    return rec !== undefined && rec[kind] === e.at;
  }

  /** The earliest live entry, or undefined. Stale entries on top are discarded. */
  peek(): TimerEntry | undefined {
    for (;;) {
      const top = this.heap.top();
      if (!top) return undefined;
      if (this.live(top)) return top;
      this.heap.pop();
    }
  }

  /** Remove and return the earliest live entry due at or before `now`; it is disarmed. */
  takeDue(now: number): TimerEntry | undefined {
    const top = this.peek();
    if (!top || top.at > now) return undefined;
    this.heap.pop();
    const kind = top.kind;
    if (kind === "reservation" || kind === "hold") this.armed[kind].delete(top.sid);
    else {
      const rec = this.taskDue.get(top.sid);
      if (rec) {
        rec[kind] = null;
        this.taskArmed--;
      }
    }
    return top;
  }

  private liveCount(): number {
    return this.armed.reservation.size + this.armed.hold.size + this.taskArmed;
  }

  /** Drop stale entries (disarmed or re-armed) so they never outnumber live ones for long. */
  private compact(): void {
    const seen = new Set<string>();
    const live = [...this.heap.entries()]
      .sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0))
      .filter((e) => {
        const key = `${e.kind}:${e.sid}`;
        if (seen.has(key) || !this.live(e)) return false;
        seen.add(key);
        return true;
      });
    this.heap.rebuild(live);
  }
}

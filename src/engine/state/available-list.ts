/**
 * The available members of one (queue, channel), longest idle first, with lazy invalidation.
 *
 * An entry is a snapshot: (the worker's WorkerSlot, its idle key when filed, its ChannelSlot, the
 * slot's stamp when filed). The array is sorted by (filed key, SID). Entries are never edited in
 * place except to be marked dead. AvailableIndex (available-index.ts) keeps this invariant:
 *
 * - an entry is FILED while it is not dead and `entry.stamp === entry.ch.stamp`; bumping
 *   `ChannelSlot.stamp` kills all of a worker's entries on that channel, in every list, in O(1);
 * - each member of the queue that is fileable on the channel has exactly one filed entry here, and
 *   its filed key is <= the worker's current key (WorkerSlot.a/b). A key that grows (a reservation
 *   sets lastAssignedAt = now, an activity change sets dateStatusChanged = now) touches no list:
 *   the entry is BEHIND until a scan meets it and moves it to its current key (usually the end);
 * - an entry is LIVE when it is filed and `ch.takeable`. Filed but not takeable (channel at
 *   capacity) is dormant: it keeps its place, and comes back without touching any list.
 *
 * Why a scan is still in exact order: every filed key is <= its worker's current key, so the first
 * filed entry that is up to date has the smallest current key of all entries not yet passed; a
 * behind entry met on the way is moved after the scan position before going on.
 * Dead entries are dropped when met at the front and compacted away when the array has doubled
 * since the last compaction, so they never outnumber filed entries by more than a constant.
 */

import type { Worker } from "../../domain/entities.ts";

/** Per worker and channel: the current stamp and whether the worker may be filed / can take now. */
export class ChannelSlot {
  stamp = 0;
  fileable = false;
  takeable = false;
}

/** Per worker: its SID and current idle key (Worker.lastAssignedAt, then dateStatusChanged). */
export interface KeyedWorker {
  readonly sid: string;
  readonly a: number;
  readonly b: number;
  /** The worker itself when the slot knows it (available-index.ts WorkerSlot). */
  readonly worker?: Worker | undefined;
}

export interface AvailableEntry {
  readonly w: KeyedWorker;
  readonly a: number;
  readonly b: number;
  readonly ch: ChannelSlot;
  readonly stamp: number;
  dead: boolean;
}

export function compareEntries(x: AvailableEntry, y: AvailableEntry): number {
  if (x.a !== y.a) return x.a < y.a ? -1 : 1;
  if (x.b !== y.b) return x.b < y.b ? -1 : 1;
  return x.w.sid < y.w.sid ? -1 : x.w.sid > y.w.sid ? 1 : 0;
}

export function newEntry(w: KeyedWorker, ch: ChannelSlot): AvailableEntry {
  return { w, a: w.a, b: w.b, ch, stamp: ch.stamp, dead: false };
}

const isFiled = (e: AvailableEntry): boolean => !e.dead && e.stamp === e.ch.stamp;
const MIN_COMPACT = 32;

export class AvailableList {
  private items: AvailableEntry[];
  /** Entries before `head` were dropped (dead); the array is cut when compacting. */
  private head = 0;
  private compactAt: number;

  /** `entries`: one per fileable member, in any order (sorted here). */
  constructor(entries: AvailableEntry[] = []) {
    this.items = entries.sort(compareEntries);
    this.compactAt = Math.max(MIN_COMPACT, entries.length * 2);
  }

  /** File an entry at its place (appended when its key is the newest). */
  insert(entry: AvailableEntry): void {
    this.place(entry);
    if (this.items.length >= this.compactAt) this.compact();
  }

  /**
   * Visit live entries in order until `visit` returns false. On the way, dead entries at the front
   * are dropped and behind entries are moved to their current key (invisible to readers).
   * `visit` must not change the index.
   */
  scan(visit: (sid: string, worker: Worker | undefined) => boolean): void {
    const items = this.items;
    for (let i = this.head; i < items.length; i++) {
      const e = items[i] as AvailableEntry;
      if (!isFiled(e)) {
        if (i === this.head) this.head = i + 1;
        continue;
      }
      if (e.a !== e.w.a || e.b !== e.w.b) {
        e.dead = true;
        if (i === this.head) this.head = i + 1;
        this.place(newEntry(e.w, e.ch)); // lands after i: its key is larger than e's
        continue;
      }
      if (e.ch.takeable && !visit(e.w.sid, e.w.worker)) break;
    }
    if (this.items.length >= this.compactAt || (this.head > MIN_COMPACT && this.head * 2 > items.length))
      this.compact();
  }

  /** Is any entry live? */
  hasLive(): boolean {
    let found = false;
    this.scan(() => {
      found = true;
      return false;
    });
    return found;
  }

  /** Number of live entries (O(entries): statistics only). */
  liveCount(): number {
    let n = 0;
    for (let i = this.head; i < this.items.length; i++) {
      const e = this.items[i] as AvailableEntry;
      if (isFiled(e) && e.ch.takeable) n++;
    }
    return n;
  }

  /** Entries held, dead ones included (tests). */
  get held(): number {
    return this.items.length - this.head;
  }

  private place(entry: AvailableEntry): void {
    const items = this.items;
    const last = items[items.length - 1];
    if (items.length === this.head || (last !== undefined && compareEntries(last, entry) <= 0)) {
      items.push(entry);
      return;
    }
    let lo = this.head;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(items[mid] as AvailableEntry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, entry);
  }

  private compact(): void {
    const kept: AvailableEntry[] = [];
    const items = this.items;
    for (let i = this.head; i < items.length; i++) {
      const e = items[i] as AvailableEntry;
      if (isFiled(e)) kept.push(e);
    }
    this.items = kept;
    this.head = 0;
    this.compactAt = Math.max(MIN_COMPACT, kept.length * 2);
  }
}

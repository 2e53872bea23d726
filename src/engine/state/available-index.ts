/**
 * Per queue and channel, the members that can take a new reservation now, longest idle first
 * (idle key: Worker.lastAssignedAt, then dateStatusChanged, then SID). See available-list.ts for
 * each list's lazy-invalidation invariant; this class keeps it:
 *
 * - Each worker has a WorkerSlot: its current idle key and, per channel, a ChannelSlot (stamp,
 *   fileable, takeable). FILEABLE = activity available, channel enabled with capacity > 0: the
 *   worker has one filed entry in the channel's list of each of its queues. TAKEABLE = fileable
 *   and free capacity now (what WorkspaceState.canTakeOn says).
 * - Lists are built on first use from the queue's members (sorted once), then kept up to date;
 *   a queue whose TargetWorkers change just forgets its lists. A restore builds none.
 * - Key grew (a reservation, an activity change): only the slot changes; entries fall behind and
 *   are moved by the scans that meet them. Key went back (a clock that went back): every channel's
 *   stamp is bumped and the worker filed again at once.
 * - Fileable flipped (activity, channel enabled/disabled, capacity to/from 0): that channel's
 *   stamp is bumped and, when fileable, the worker is filed in its queues' built lists.
 * - Only takeable changed (a reservation started or ended on the channel): one flag.
 * - Joining a queue files the worker in that queue's built lists; leaving one bumps its stamps and
 *   files it again in the queues it still has (`refileAll`).
 */
import type { Worker } from "../../domain/entities.ts";
import { type AvailableEntry, AvailableList, ChannelSlot, newEntry } from "./available-list.ts";

export class WorkerSlot {
  a = Number.NaN;
  b = Number.NaN;
  readonly channels = new Map<string, ChannelSlot>();
  /**
   * The worker entity, set by WorkspaceState when it makes the worker's record, so that a scan
   * hands routing the worker without a lookup (undefined for slots made without one: tests).
   */
  worker: Worker | undefined = undefined;
  constructor(readonly sid: string) {}
}

/** What the index reads of queue membership. */
export interface MembersSource {
  membersOf(queueSid: string): ReadonlySet<string>;
  queuesOf(workerSid: string): ReadonlySet<string>;
}

export class AvailableIndex {
  private readonly lists = new Map<string, Map<string, AvailableList>>();
  private readonly slots = new Map<string, WorkerSlot>();

  constructor(private readonly membership: MembersSource) {}

  /** The (queue, channel) list, built from the queue's members on first use. */
  list(queueSid: string, channelSid: string): AvailableList {
    let byChannel = this.lists.get(queueSid);
    if (!byChannel) {
      byChannel = new Map();
      this.lists.set(queueSid, byChannel);
    }
    let list = byChannel.get(channelSid);
    if (!list) {
      const entries: AvailableEntry[] = [];
      for (const sid of this.membership.membersOf(queueSid)) {
        const slot = this.slots.get(sid);
        const ch = slot?.channels.get(channelSid);
        if (slot && ch?.fileable) entries.push(newEntry(slot, ch));
      }
      list = new AvailableList(entries);
      byChannel.set(channelSid, list);
    }
    return list;
  }

  /** Live members of (queue, channel), without building the list when it is not built. */
  count(queueSid: string, channelSid: string): number {
    const list = this.lists.get(queueSid)?.get(channelSid);
    if (list) return list.liveCount();
    let n = 0;
    for (const sid of this.membership.membersOf(queueSid)) if (this.takeable(sid, channelSid)) n++;
    return n;
  }

  slot(workerSid: string): WorkerSlot {
    let slot = this.slots.get(workerSid);
    if (!slot) {
      slot = new WorkerSlot(workerSid);
      this.slots.set(workerSid, slot);
    }
    return slot;
  }

  /** Can the worker take a reservation on the channel now (it is live in its queues' lists)? */
  takeable(workerSid: string, channelSid: string): boolean {
    return this.slots.get(workerSid)?.channels.get(channelSid)?.takeable ?? false;
  }

  /** Record the worker's idle key (see the class comment for why growing is free). */
  /** `queues`: the worker's queues; looked up only when needed (rarely) when not given. */
  setKey(slot: WorkerSlot, a: number, b: number, queues?: Iterable<string>): void {
    if (slot.a === a && slot.b === b) return;
    const back = a < slot.a || (a === slot.a && b < slot.b);
    slot.a = a;
    slot.b = b;
    if (back) this.refileAll(slot, queues ?? this.membership.queuesOf(slot.sid));
  }

  /** Bring one channel of a worker in line (see the class comment); `queues` = its queues (as setKey). */
  setChannel(
    slot: WorkerSlot,
    channelSid: string,
    fileable: boolean,
    takeable: boolean,
    queues?: Iterable<string>,
  ): void {
    let ch = slot.channels.get(channelSid);
    if (!ch) {
      if (!fileable) return;
      ch = new ChannelSlot();
      slot.channels.set(channelSid, ch);
    }
    ch.takeable = takeable;
    if (ch.fileable === fileable) return;
    ch.stamp++;
    ch.fileable = fileable;
    if (fileable)
      for (const q of queues ?? this.membership.queuesOf(slot.sid)) this.fileIfBuilt(q, channelSid, slot, ch);
  }

  /** The worker just joined `queueSid`: file it in the queue's built lists. */
  joinQueue(slot: WorkerSlot, queueSid: string): void {
    const byChannel = this.lists.get(queueSid);
    if (!byChannel) return;
    for (const [channelSid, ch] of slot.channels)
      if (ch.fileable) byChannel.get(channelSid)?.insert(newEntry(slot, ch));
  }

  /** Kill every entry of the worker and file it again in `queues` (it left some queue). */
  refileAll(slot: WorkerSlot, queues: Iterable<string>): void {
    const list = [...queues];
    for (const [channelSid, ch] of slot.channels) {
      ch.stamp++;
      if (ch.fileable) for (const q of list) this.fileIfBuilt(q, channelSid, slot, ch);
    }
  }

  /** The worker is gone: its entries die and its slot is forgotten. */
  dropWorker(workerSid: string): void {
    const slot = this.slots.get(workerSid);
    if (!slot) return;
    for (const ch of slot.channels.values()) {
      ch.stamp++;
      ch.fileable = false;
      ch.takeable = false;
    }
    this.slots.delete(workerSid);
  }

  /** The channel is gone: every worker's entries on it die. */
  dropChannel(channelSid: string): void {
    for (const slot of this.slots.values()) {
      const ch = slot.channels.get(channelSid);
      if (ch) ch.stamp++;
      slot.channels.delete(channelSid);
    }
    for (const byChannel of this.lists.values()) byChannel.delete(channelSid);
  }

  /** Forget the queue's lists (deleted, or its members changed: rebuilt on next use). */
  dropQueue(queueSid: string): void {
    this.lists.delete(queueSid);
  }

  private fileIfBuilt(queueSid: string, channelSid: string, slot: WorkerSlot, ch: ChannelSlot): void {
    this.lists.get(queueSid)?.get(channelSid)?.insert(newEntry(slot, ch));
  }
}

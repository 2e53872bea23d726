/**
 * The derived structures routing reads. None of them is persisted: `restore` rebuilds them all from
 * the entities.
 *
 * - membership: queue <-> worker eligibility (TargetWorkers), with per-activity counts.
 * - queueRequirements: inverted index of TargetWorkers requirements (queue-requirements.ts).
 * - available: queue -> channel -> members that can take a new reservation on that channel now,
 *   longest idle first (key: lastAssignedAt, dateStatusChanged), lazily invalidated (see
 *   available-index.ts and available-list.ts). A task arriving looks only here.
 * - waiting: queue -> channel -> tasks that could still get a reservation, in queue order
 *   (FIFO: priority desc, then virtual start time; LIFO: newest first). A freed worker looks only at
 *   the heads of its own queues.
 * - direct: worker -> tasks routed straight to it (RoutingTarget WK…) waiting for it.
 * - timers: one ordered structure for every timer.
 * - holds: task -> epoch ms before which it gets no reservation (routing/hold.ts). Unlike the
 *   others it cannot be rebuilt: a restore starts without holds (the task is routed at once).
 */
import { AvailableIndex } from "./available-index.ts";
import type { AvailableList } from "./available-list.ts";
import { getOrCreate, QueueMembership } from "./queue-membership.ts";
import { QueueRequirementIndex } from "./queue-requirements.ts";
import { SortedSet, type SortKey } from "./sorted-set.ts";
import { TimerQueue } from "./timer-queue.ts";

export class RoutingIndexes {
  readonly membership = new QueueMembership();
  /** TargetWorkers requirements -> queues, so binding a worker checks only plausible queues. */
  readonly queueRequirements = new QueueRequirementIndex();
  readonly available = new AvailableIndex(this.membership);
  readonly waiting = new Map<string, Map<string, SortedSet>>();
  /** Where each waiting task is filed. */
  readonly waitingAt = new Map<string, { queueSid: string; channelSid: string }>();
  readonly direct = new Map<string, Set<string>>();
  readonly timers = new TimerQueue();
  readonly holds = new Map<string, number>();

  availableSet(queueSid: string, channelSid: string): AvailableList {
    return this.available.list(queueSid, channelSid);
  }

  /** Live members of (queue, channel): statistics. */
  availableCount(queueSid: string, channelSid: string): number {
    return this.available.count(queueSid, channelSid);
  }

  waitingSet(queueSid: string, channelSid: string): SortedSet | undefined {
    return this.waiting.get(queueSid)?.get(channelSid);
  }

  /** File the task under (queue, channel) with `key`, or unfile it when `place` is null. */
  setWaiting(taskSid: string, place: { queueSid: string; channelSid: string; key: SortKey } | null): void {
    const current = this.waitingAt.get(taskSid);
    if (
      current &&
      (!place || current.queueSid !== place.queueSid || current.channelSid !== place.channelSid)
    ) {
      this.waiting.get(current.queueSid)?.get(current.channelSid)?.delete(taskSid);
      this.waitingAt.delete(taskSid);
    }
    if (!place) return;
    const byChannel = getOrCreate(this.waiting, place.queueSid, () => new Map<string, SortedSet>());
    getOrCreate(byChannel, place.channelSid, () => new SortedSet()).upsert(taskSid, place.key);
    this.waitingAt.set(taskSid, { queueSid: place.queueSid, channelSid: place.channelSid });
  }

  setDirect(workerSid: string, taskSid: string, waiting: boolean): void {
    if (waiting) getOrCreate(this.direct, workerSid, () => new Set<string>()).add(taskSid);
    else this.direct.get(workerSid)?.delete(taskSid);
  }

  dropQueue(queueSid: string): void {
    this.membership.dropQueue(queueSid);
    this.available.dropQueue(queueSid);
    for (const set of this.waiting.get(queueSid)?.values() ?? []) {
      for (const t of set.ids()) this.waitingAt.delete(t);
    }
    this.waiting.delete(queueSid);
  }
}

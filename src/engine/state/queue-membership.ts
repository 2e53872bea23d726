/**
 * Queue membership ("eligible workers"): which workers match each TaskQueue's TargetWorkers, kept
 * incrementally (a worker's attribute change re-binds that worker against every queue; a queue's
 * expression change re-binds that queue against every worker). Also counts members per activity,
 * which is what `skip_if` reads (`workers.available`, `workers.WA…`), so skip_if costs O(1).
 */

export class QueueMembership {
  private readonly members = new Map<string, Set<string>>();
  private readonly queues = new Map<string, Set<string>>();
  private readonly activityCounts = new Map<string, Map<string, number>>();

  membersOf(queueSid: string): ReadonlySet<string> {
    return this.members.get(queueSid) ?? EMPTY;
  }

  queuesOf(workerSid: string): ReadonlySet<string> {
    return this.queues.get(workerSid) ?? EMPTY;
  }

  isMember(queueSid: string, workerSid: string): boolean {
    return this.members.get(queueSid)?.has(workerSid) ?? false;
  }

  add(queueSid: string, workerSid: string, activitySid: string): boolean {
    const set = getOrCreate(this.members, queueSid, () => new Set<string>());
    if (set.has(workerSid)) return false;
    set.add(workerSid);
    getOrCreate(this.queues, workerSid, () => new Set<string>()).add(queueSid);
    this.bump(queueSid, activitySid, 1);
    return true;
  }

  remove(queueSid: string, workerSid: string, activitySid: string): boolean {
    const set = this.members.get(queueSid);
    if (!set?.delete(workerSid)) return false;
    this.queues.get(workerSid)?.delete(queueSid);
    this.bump(queueSid, activitySid, -1);
    return true;
  }

  activityChanged(workerSid: string, from: string, to: string): void {
    for (const q of this.queuesOf(workerSid)) {
      this.bump(q, from, -1);
      this.bump(q, to, 1);
    }
  }

  /** Members of the queue per activity SID. */
  countsByActivity(queueSid: string): ReadonlyMap<string, number> {
    return this.activityCounts.get(queueSid) ?? new Map();
  }

  dropQueue(queueSid: string): void {
    for (const w of this.members.get(queueSid) ?? []) this.queues.get(w)?.delete(queueSid);
    this.members.delete(queueSid);
    this.activityCounts.delete(queueSid);
  }

  private bump(queueSid: string, activitySid: string, delta: number): void {
    const counts = getOrCreate(this.activityCounts, queueSid, () => new Map<string, number>());
    counts.set(activitySid, (counts.get(activitySid) ?? 0) + delta);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

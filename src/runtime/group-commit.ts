/**
 * Group commit: every write the workspace writers applied during one turn of the event loop is
 * persisted in ONE store transaction (store.commitGroup), and each caller hears back only after it.
 *
 *   writer applies a command -> add(write)           the write waits in `pending`
 *   setImmediate (end of the turn) -> flush()        pending becomes the in-flight group: one batch
 *                                                    per workspace, documents read from the engines now
 *   commit resolves -> each write's `done`, in order (sink delivery, then the caller's reply)
 *   commit rejects  -> a group of one workspace: each write's `failed`; the workspace is told
 *                      (`onGroupFailed`) and resyncs its engine from the store; its writes still
 *                      pending (applied on top of the lost ones) fail too.
 *                      A group of several workspaces is retried one workspace at a time, so one
 *                      workspace's bad write (a document the database refuses) fails only that
 *                      workspace's writes: each retry holds the workspace's writes of the group plus
 *                      those pending (its engine already applied them), read from its engine now;
 *                      the retries run together and the group settles once all of them have. A
 *                      store that is down fails every retry, and so every write, as before.
 * At most one group is in flight: writes applied meanwhile form the next group, flushed as soon as
 * the current one settles. So a workspace's batches reach the store in the order its writer applied
 * them. That is also the flush policy: when idle, a write waits only for the end of its turn (no
 * timer); under load, everything applied while the previous commit ran (on the SQLite writer thread
 * or a PostgreSQL connection, both off the event loop) goes into the next one, so groups grow with
 * the load without any write waiting longer than one commit.
 */
import type { EntityRef } from "../domain/entities.ts";
import type { WorkspaceView } from "../engine/view.ts";
import type { CommitBatch, OutboxRequest, Store, StoredEntity, StoredEvent } from "../store/port.ts";

/** The workspace side of a write: its id, its current state, and what to do when its commit failed. */
export interface GroupMember {
  readonly sid: string;
  readonly view: WorkspaceView;
  /** The group holding some of this workspace's writes failed: resync (its writes are already failed). */
  onGroupFailed(error: unknown): void;
}

/** One applied command waiting to be durable. */
export interface PendingWrite {
  member: GroupMember;
  /** Entities the command created, changed or deleted (read from the engine at flush time). */
  refs: readonly EntityRef[];
  events: CommitBatch["events"];
  outbox: OutboxRequest[];
  done(stored: StoredEvent[]): void;
  failed(error: unknown): void;
}

/** Told of every group commit that settled: how many writes, how long the store took, whether it held. */
export type CommitObserver = (writes: number, durationMs: number, ok: boolean) => void;

export class GroupCommit {
  private pending: PendingWrite[] = [];
  /** Set by the runtime's owner (metrics); called once per flushed group. */
  observer: CommitObserver | null = null;
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly store: Store,
    /** Called once a group has settled (the runtime re-arms its timer). */
    private readonly afterGroup: () => void = () => {},
  ) {}

  private inFlight = 0;

  /** Writes waiting for a commit, in flight included. */
  get size(): number {
    return this.pending.length + this.inFlight;
  }

  add(write: PendingWrite): void {
    this.pending.push(write);
    if (!this.scheduled && !this.flushing) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Fails and forgets a workspace's writes that are not in flight yet. */
  dropPending(member: GroupMember, error: unknown): void {
    const dropped = this.pending.filter((write) => write.member === member);
    if (dropped.length === 0) return;
    this.pending = this.pending.filter((write) => write.member !== member);
    for (const write of dropped) write.failed(error);
  }

  private flush(): void {
    if (this.flushing || this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    this.flushing = true;
    this.inFlight = group.length;
    const started = performance.now();
    let result: Promise<StoredEvent[][]>;
    try {
      result = this.store.commitGroup(batchesOf(group));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (stored) => {
        this.observer?.(group.length, performance.now() - started, true);
        this.settle(() => this.succeeded(group, stored));
      },
      (error: unknown) => {
        this.observer?.(group.length, performance.now() - started, false);
        this.retryAlone(group, error);
      },
    );
  }

  /** The group failed: with several workspaces, commit each alone (see the top of the file). */
  private retryAlone(group: PendingWrite[], error: unknown): void {
    const members = [...new Set(group.map((write) => write.member))];
    if (members.length < 2) {
      this.settle(() => this.failed(group, error));
      return;
    }
    const retries = members.map((member) => {
      const writes = group.filter((write) => write.member === member);
      const later = this.pending.filter((write) => write.member === member);
      if (later.length > 0) {
        this.pending = this.pending.filter((write) => write.member !== member);
        this.inFlight += later.length;
        writes.push(...later);
      }
      let result: Promise<StoredEvent[][]>;
      try {
        result = this.store.commitGroup(batchesOf(writes));
      } catch (retryError) {
        result = Promise.reject(retryError);
      }
      return result.then(
        (stored) => () => this.succeeded(writes, stored),
        (retryError: unknown) => () => this.failed(writes, retryError),
      );
    });
    void Promise.all(retries).then((reports) =>
      this.settle(() => {
        for (const report of reports) report();
      }),
    );
  }

  private settle(report: () => void): void {
    this.flushing = false;
    this.inFlight = 0;
    try {
      report();
    } finally {
      this.afterGroup();
      this.flush();
    }
  }

  private succeeded(group: PendingWrite[], stored: StoredEvent[][]): void {
    // Batches follow the members' first appearance; each member's writes keep their order.
    const events = new Map<GroupMember, { list: StoredEvent[]; next: number }>();
    let index = 0;
    for (const write of group) {
      if (!events.has(write.member)) {
        events.set(write.member, { list: stored[index] ?? [], next: 0 });
        index += 1;
      }
    }
    for (const write of group) {
      const cursor = events.get(write.member);
      const count = write.events.length;
      const mine = cursor === undefined ? [] : cursor.list.slice(cursor.next, cursor.next + count);
      if (cursor !== undefined) cursor.next += count;
      write.done(mine);
    }
  }

  private failed(group: PendingWrite[], error: unknown): void {
    for (const write of group) write.failed(error);
    const members = new Set(group.map((write) => write.member));
    for (const member of members) {
      this.dropPending(member, error);
      member.onGroupFailed(error);
    }
  }
}

/** One batch per workspace: its entities as they are now, its events and callbacks in write order. */
function batchesOf(group: readonly PendingWrite[]): CommitBatch[] {
  const byMember = new Map<GroupMember, { refs: Map<string, EntityRef>; batch: CommitBatch }>();
  for (const write of group) {
    let entry = byMember.get(write.member);
    if (entry === undefined) {
      entry = {
        refs: new Map(),
        batch: { workspaceSid: write.member.sid, upserts: [], deletes: [], events: [], outbox: [] },
      };
      byMember.set(write.member, entry);
    }
    for (const ref of write.refs) entry.refs.set(`${ref.kind}:${ref.sid}`, ref);
    for (const event of write.events) entry.batch.events.push(event);
    for (const request of write.outbox) entry.batch.outbox?.push(request);
  }
  const batches: CommitBatch[] = [];
  for (const [member, { refs, batch }] of byMember) {
    for (const ref of refs.values()) {
      const entity = member.view.entity(ref.kind, ref.sid);
      if (entity === undefined) batch.deletes.push(ref);
      else batch.upserts.push({ kind: ref.kind, sid: ref.sid, entity } as StoredEntity);
    }
    batches.push(batch);
  }
  return batches;
}

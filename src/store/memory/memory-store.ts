/**
 * In-memory adapter for tests. Documents are deep-copied on the way in and out, so the store never
 * shares objects with the engine (the same isolation a real database gives).
 */
import type { WorkspaceSnapshot } from "../../engine/view.ts";
import { eventMatches } from "../event-filter.ts";
import type {
  AccountCredentials,
  ApiKeyRecord,
  CommitBatch,
  EventFilter,
  EventPage,
  EventQuery,
  OutboxEntry,
  Store,
  StoredEntity,
  StoredEvent,
} from "../port.ts";
import { buildSnapshot } from "../snapshot.ts";
import { accountAlreadyStored, duplicateApiKey, duplicateEvent, storeClosed } from "../store-errors.ts";

interface WorkspaceData {
  /** key: `${kind}:${sid}` */
  entities: Map<string, StoredEntity>;
  events: StoredEvent[];
  /** Undelivered event callbacks, in sequence order. */
  outbox: OutboxEntry[];
  /** The last sequence number given out; pruning old events never lowers it. */
  lastSequence: number;
}

export class MemoryStore implements Store {
  private readonly workspaces = new Map<string, WorkspaceData>();
  private account: AccountCredentials | null = null;
  private readonly keys = new Map<string, ApiKeyRecord>();
  private readonly eventSids = new Set<string>();
  private closed = false;

  async loadAll(): Promise<WorkspaceSnapshot[]> {
    this.check();
    const result: WorkspaceSnapshot[] = [];
    for (const sid of this.workspaces.keys()) {
      const snapshot = await this.loadWorkspace(sid);
      if (snapshot !== null) result.push(snapshot);
    }
    return result;
  }

  async loadWorkspace(workspaceSid: string): Promise<WorkspaceSnapshot | null> {
    this.check();
    const data = this.workspaces.get(workspaceSid);
    if (data === undefined) return null;
    return buildSnapshot(structuredClone([...data.entities.values()]));
  }

  async commit(batch: CommitBatch): Promise<StoredEvent[]> {
    this.check();
    // Validate and copy everything first, then apply: nothing can fail half-way.
    const upserts = structuredClone(batch.upserts);
    const seen = new Set<string>();
    for (const event of batch.events) {
      if (seen.has(event.sid) || this.eventSids.has(event.sid)) throw duplicateEvent(event.sid);
      seen.add(event.sid);
    }
    const events = structuredClone(batch.events);
    let data = this.workspaces.get(batch.workspaceSid);
    if (data === undefined) {
      data = { entities: new Map(), events: [], outbox: [], lastSequence: 0 };
      this.workspaces.set(batch.workspaceSid, data);
    }
    for (const item of upserts) data.entities.set(`${item.kind}:${item.sid}`, item);
    for (const ref of batch.deletes) data.entities.delete(`${ref.kind}:${ref.sid}`);
    let sequence = data.lastSequence;
    const stored = events.map((event) => ({
      ...event,
      workspaceSid: batch.workspaceSid,
      sequence: ++sequence,
    }));
    data.lastSequence = sequence;
    data.events.push(...stored);
    for (const event of stored) this.eventSids.add(event.sid);
    for (const request of structuredClone(batch.outbox ?? [])) {
      const event = stored.find((e) => e.sid === request.eventSid);
      if (event === undefined) continue;
      data.outbox.push({
        ...request,
        workspaceSid: batch.workspaceSid,
        sequence: event.sequence,
        createdAt: event.timestamp,
      });
    }
    return structuredClone(stored);
  }

  /**
   * Applies the batches one after the other through `commit` (so a test double that overrides
   * `commit` sees each of them) and, when one fails, puts back what the earlier ones changed.
   */
  async commitGroup(batches: readonly CommitBatch[]): Promise<StoredEvent[][]> {
    this.check();
    const copies = structuredClone(batches); // read now: the caller may change its objects afterwards
    const undo = this.savepoint(copies);
    const results: StoredEvent[][] = [];
    try {
      for (const batch of copies) results.push(await this.commit(batch));
    } catch (error) {
      undo();
      throw error;
    }
    return results;
  }

  /** What the batches could change, saved so that `undo` restores it. */
  private savepoint(batches: readonly CommitBatch[]): () => void {
    const saved = new Map<string, WorkspaceData | undefined>();
    const newSids: string[] = [];
    for (const batch of batches) {
      const data = this.workspaces.get(batch.workspaceSid);
      if (!saved.has(batch.workspaceSid)) {
        saved.set(
          batch.workspaceSid,
          data && {
            entities: new Map(data.entities),
            events: [...data.events],
            outbox: [...data.outbox],
            lastSequence: data.lastSequence,
          },
        );
      }
      for (const event of batch.events) if (!this.eventSids.has(event.sid)) newSids.push(event.sid);
    }
    return () => {
      for (const [sid, data] of saved) {
        if (data === undefined) this.workspaces.delete(sid);
        else this.workspaces.set(sid, data);
      }
      for (const sid of newSids) this.eventSids.delete(sid);
    };
  }

  async deleteWorkspace(workspaceSid: string): Promise<void> {
    this.check();
    for (const event of this.workspaces.get(workspaceSid)?.events ?? []) this.eventSids.delete(event.sid);
    this.workspaces.delete(workspaceSid);
  }

  async listEvents(workspaceSid: string, query: EventQuery): Promise<StoredEvent[]> {
    this.check();
    const after = query.afterSequence ?? 0;
    const events = this.workspaces.get(workspaceSid)?.events ?? [];
    return structuredClone(events.filter((event) => event.sequence > after).slice(0, query.limit));
  }

  async queryEvents(workspaceSid: string, filter: EventFilter, page?: EventPage): Promise<StoredEvent[]> {
    this.check();
    const events = this.workspaces.get(workspaceSid)?.events ?? [];
    const matching = events.filter(
      (event) =>
        eventMatches(event, filter) &&
        (page?.beforeSequence === undefined || event.sequence < page.beforeSequence) &&
        (page?.afterSequence === undefined || event.sequence > page.afterSequence),
    );
    if (page === undefined) return structuredClone(matching.reverse());
    const offset = page.offset ?? 0;
    // The previous page (afterSequence) is the oldest `limit` after the cursor, shown newest first.
    const slice =
      page.afterSequence !== undefined
        ? matching.slice(offset, offset + page.limit).reverse()
        : matching.reverse().slice(offset, offset + page.limit);
    return structuredClone(slice);
  }

  async pruneEvents(before: number): Promise<number> {
    this.check();
    let removed = 0;
    for (const data of this.workspaces.values()) {
      const kept = data.events.filter((event) => event.timestamp >= before);
      removed += data.events.length - kept.length;
      for (const event of data.events) if (event.timestamp < before) this.eventSids.delete(event.sid);
      data.events = kept;
      data.outbox = data.outbox.filter((entry) => entry.createdAt >= before);
    }
    return removed;
  }

  async listOutbox(workspaceSid: string, limit: number): Promise<OutboxEntry[]> {
    this.check();
    return structuredClone((this.workspaces.get(workspaceSid)?.outbox ?? []).slice(0, limit));
  }

  async outboxWorkspaces(): Promise<string[]> {
    this.check();
    return [...this.workspaces.entries()].filter(([, data]) => data.outbox.length > 0).map(([sid]) => sid);
  }

  async ackOutbox(workspaceSid: string, sequence: number): Promise<void> {
    this.check();
    const data = this.workspaces.get(workspaceSid);
    if (data !== undefined) data.outbox = data.outbox.filter((entry) => entry.sequence !== sequence);
  }

  async dropOutbox(workspaceSid: string, throughSequence: number): Promise<number> {
    this.check();
    const data = this.workspaces.get(workspaceSid);
    if (data === undefined) return 0;
    const before = data.outbox.length;
    data.outbox = data.outbox.filter((entry) => entry.sequence > throughSequence);
    return before - data.outbox.length;
  }

  async getAccount(): Promise<AccountCredentials | null> {
    this.check();
    return this.account === null ? null : { ...this.account };
  }

  async saveAccount(credentials: AccountCredentials): Promise<void> {
    this.check();
    if (this.account !== null && this.account.accountSid !== credentials.accountSid) {
      throw accountAlreadyStored(this.account.accountSid, credentials.accountSid);
    }
    this.account = { ...credentials };
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    this.check();
    if (this.keys.has(key.sid)) throw duplicateApiKey(key.sid);
    this.keys.set(key.sid, { ...key });
  }

  async getApiKey(sid: string): Promise<ApiKeyRecord | null> {
    this.check();
    const key = this.keys.get(sid);
    return key === undefined ? null : { ...key };
  }

  async listApiKeys(accountSid: string): Promise<ApiKeyRecord[]> {
    this.check();
    return [...this.keys.values()]
      .filter((key) => key.accountSid === accountSid)
      .sort((a, b) => a.dateCreated - b.dateCreated || (a.sid < b.sid ? -1 : 1))
      .map((key) => ({ ...key }));
  }

  async updateApiKey(
    sid: string,
    changes: { friendlyName: string; dateUpdated: number },
  ): Promise<ApiKeyRecord | null> {
    this.check();
    const key = this.keys.get(sid);
    if (key === undefined) return null;
    const updated = { ...key, ...changes };
    this.keys.set(sid, updated);
    return { ...updated };
  }

  async deleteApiKey(sid: string): Promise<boolean> {
    this.check();
    return this.keys.delete(sid);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw storeClosed();
  }
}

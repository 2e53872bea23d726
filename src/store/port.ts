/**
 * The storage port: what Tasklane needs from a database, described by semantics rather than by
 * connections, so that memory, SQLite and PostgreSQL adapters are interchangeable. One
 * conformance suite (test/contract/store.contract.ts) pins these semantics for every adapter.
 *
 * Terminology:
 * - entity: one TaskRouter object (workspace, worker, task, ...) stored as a JSON document keyed by
 *   (workspace_sid, kind, sid). The store never interprets documents beyond that key.
 * - batch: everything one command changed in one workspace: upserts, deletions and events. A batch
 *   is applied atomically: after a crash either all of it is visible or none of it.
 * - event: an appended, never-updated record with a per-workspace sequence number (1, 2, 3, ...)
 *   assigned by the store in append order.
 *
 * Guarantees every adapter gives:
 * - `commit` resolves only once the batch is durable (survives kill -9 of the process); so does
 *   `commitGroup`, for all its batches at once (the runtime's group commit, one transaction per turn
 *   of the event loop).
 * - `loadAll` returns, per workspace, exactly the entities committed and not deleted.
 * - `deleteWorkspace` removes the workspace's entities, events and outbox in one transaction.
 * - outbox: event callbacks waiting for delivery, committed with their events, removed on ack.
 * - Methods may be called concurrently for different workspaces; the runtime never commits two
 *   batches for the same workspace at the same time (it groups them into one commitGroup instead).
 */
import type { EntityByKind, EntityKind, EntityRef } from "../domain/entities.ts";
import type { DomainEvent } from "../domain/event-types.ts";
import type { WorkspaceSnapshot } from "../engine/view.ts";

export type StoredEntity = {
  [K in EntityKind]: { kind: K; sid: string; entity: EntityByKind[K] };
}[EntityKind];

/** A domain event as persisted: with its EV SID and per-workspace sequence number. */
export interface StoredEvent extends DomainEvent {
  sid: string;
  workspaceSid: string;
  sequence: number;
}

export interface CommitBatch {
  workspaceSid: string;
  upserts: StoredEntity[];
  deletes: EntityRef[];
  /** Events with their SIDs; the store assigns the sequence numbers. */
  events: Array<DomainEvent & { sid: string }>;
  /**
   * Event callbacks to deliver (the durable outbox), each naming one event of this batch. Written in
   * the same transaction as the events: an event is never stored without its pending callback.
   */
  outbox?: OutboxRequest[];
}

export interface OutboxRequest {
  eventSid: string;
  url: string;
  /** The form parameters to POST, fixed when the event happened. */
  params: Record<string, string>;
}

/** One event callback not yet acknowledged by its receiver, keyed by its event's sequence. */
export interface OutboxEntry extends OutboxRequest {
  workspaceSid: string;
  sequence: number;
  /** Epoch ms of the event. */
  createdAt: number;
}

/** The Events API's filters; every given filter must hold. */
export interface EventFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  eventType?: string;
  sid?: string;
  /** Each clause holds when one of the named callback fields (PascalCase) equals the value. */
  fields?: Array<{ names: string[]; value: string }>;
}

/**
 * One page of an Events API list, by sequence number (keyset paging: a page costs its own size, not
 * the window's). Results are newest first. `beforeSequence`: only older events (the next page).
 * `afterSequence`: only newer events, the `limit` oldest of them (the previous page). `offset`: skip
 * that many first (a Page number without a token).
 */
export interface EventPage {
  limit: number;
  beforeSequence?: number;
  afterSequence?: number;
  offset?: number;
}

export interface AccountCredentials {
  accountSid: string;
  authToken: string;
}

/** An API key (Twilio "Standard" key). `secret` verifies Basic auth and, later, HS256 access tokens. */
export interface ApiKeyRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  secret: string;
  dateCreated: number;
  dateUpdated: number;
}

export interface EventQuery {
  /** Only events with a sequence number above this one. */
  afterSequence?: number;
  limit: number;
}

export interface Store {
  /** Every stored workspace, as the snapshots the engine restores from. */
  loadAll(): Promise<WorkspaceSnapshot[]>;
  /** One workspace, or null when it is not stored (used to resync after a failed commit). */
  loadWorkspace(workspaceSid: string): Promise<WorkspaceSnapshot | null>;
  /**
   * Optional, for start-up one workspace at a time (restored workspaces answer while the rest load,
   * src/runtime/account-runtime.ts): the stored workspaces' SIDs, then each one's snapshot through
   * restoreWorkspace, which treats unreadable rows as loadAll does (quarantine or a named error).
   * A store without them is loaded with loadAll.
   */
  workspaceSids?(): Promise<string[]>;
  restoreWorkspace?(workspaceSid: string): Promise<WorkspaceSnapshot | null>;
  commit(batch: CommitBatch): Promise<StoredEvent[]>;
  /**
   * Group commit: several batches (of one or several workspaces; a workspace's batches in the order
   * given, their events numbered in that order) in ONE transaction: all durable or, on any failure,
   * none. Resolves with each batch's stored events, in the order of `batches`. The batches' documents
   * are read before this call returns its promise: the caller may change those objects right after.
   */
  commitGroup(batches: readonly CommitBatch[]): Promise<StoredEvent[][]>;
  deleteWorkspace(workspaceSid: string): Promise<void>;
  /** Events of one workspace in sequence order. */
  listEvents(workspaceSid: string, query: EventQuery): Promise<StoredEvent[]>;
  /** Events of one workspace matching `filter`, newest first; one page of them when `page` is given. */
  queryEvents(workspaceSid: string, filter: EventFilter, page?: EventPage): Promise<StoredEvent[]>;
  /** Removes events (and undelivered callbacks) that happened before `before` (epoch ms); returns how many events. */
  pruneEvents(before: number): Promise<number>;

  /** The oldest undelivered event callbacks of a workspace, in sequence order. */
  listOutbox(workspaceSid: string, limit: number): Promise<OutboxEntry[]>;
  /** Workspaces with undelivered event callbacks. */
  outboxWorkspaces(): Promise<string[]>;
  /** The receiver took the callback: forget it. */
  ackOutbox(workspaceSid: string, sequence: number): Promise<void>;
  /** Forgets every callback of the workspace up to and including `sequence` (give-up, purge); returns how many. */
  dropOutbox(workspaceSid: string, throughSequence: number): Promise<number>;

  getAccount(): Promise<AccountCredentials | null>;
  /** Stores the account credentials once; a second call with other credentials is refused. */
  saveAccount(credentials: AccountCredentials): Promise<void>;

  createApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(sid: string): Promise<ApiKeyRecord | null>;
  /** Keys of one account, oldest first. */
  listApiKeys(accountSid: string): Promise<ApiKeyRecord[]>;
  updateApiKey(
    sid: string,
    changes: { friendlyName: string; dateUpdated: number },
  ): Promise<ApiKeyRecord | null>;
  /** True when a key was removed. */
  deleteApiKey(sid: string): Promise<boolean>;

  /**
   * Only adapters whose database several Tasklane nodes may share (PostgreSQL). Waits until this node
   * is the only writer (a standby waits here, possibly forever), then fences: once the lease is lost,
   * every state write (commit, deleteWorkspace, pruneEvents, ackOutbox) is refused, even if the
   * database is reachable again. `close()` releases the lease. `onWait` runs once, before waiting,
   * when another node holds the lease (the node then answers as a standby).
   */
  acquireWriterLease?(onWait?: () => Promise<void>): Promise<WriterLease>;

  /**
   * Whether a write would succeed now (a probe commit, cached ~1 s; see ./health.ts), for /healthz
   * and /readyz. Adapters without it are taken as healthy.
   */
  health?(): Promise<StoreHealth>;

  close(): Promise<void>;
}

export interface StoreHealth {
  adapter: "memory" | "sqlite" | "postgres";
  /** False when a write fails now (read-only database, full disk, server gone): /healthz is 503. */
  writable: boolean;
  /** Why not writable, e.g. "writes fail: database or disk is full". */
  reason?: string;
  /** Epoch ms of the probe this answer comes from. */
  checkedAt: number;
  /** The last commit that failed, until a later one succeeds. */
  lastWriteError?: { message: string; at: number };
  /** Entity rows moved to `quarantined_rows` at start (TASKLANE_QUARANTINE_BAD_ROWS=1). */
  quarantinedRows: number;
}

/** The right to be the one writing node (see src/store/postgres/lease.ts). */
export interface WriterLease {
  /** Resolves (never rejects) when the lease is lost other than by close(): stop serving. */
  readonly lost: Promise<Error>;
}

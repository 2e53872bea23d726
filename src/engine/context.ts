/**
 * One command's working context: the state, `now`, and what the command changed so far (entities,
 * events, effects), plus the follow-up work queue.
 *
 * Follow-up work ("settle"): handlers never call back into routing from the bottom layers. A
 * transition that frees a worker or returns a task to pending enqueues it here; after the handler,
 * the engine drains the queue in order (resume task, offer worker, drain queue), which may enqueue
 * more. This keeps the module graph acyclic and the order of events deterministic.
 */
import type { EntityByKind, EntityKind, EntityRef } from "../domain/entities.ts";
import type { EventPayloads } from "../domain/event-fields.ts";
import { type DomainEvent, EVENT_TYPES, type EventType } from "../domain/event-types.ts";
import type { SidPrefixValue } from "../domain/sid.ts";
import type { Effect, Outcome } from "./outcome.ts";
import type { WorkspaceState } from "./state/workspace-state.ts";
import type { EngineDeps } from "./view.ts";

/**
 * task: a task came back to pending after a reservation ended (re-enters its step); retry: a task's
 * routing inputs changed (priority, channel), try it again quietly; worker: may take work; queue:
 * gained members or capacity; route: a pending task is routed from the start, like a new one (a
 * transfer that nobody took, docs/transfers.md).
 */
export type WorkItem = { kind: "task" | "retry" | "worker" | "queue" | "route"; sid: string };

type Versioned = { version: number };

export class Ctx {
  private readonly changed = new Map<string, EntityRef>();
  private readonly deleted = new Map<string, EntityRef>();
  private readonly bumped = new Set<string>();
  readonly events: DomainEvent[] = [];
  readonly effects: Effect[] = [];
  private readonly work: WorkItem[] = [];
  private readonly queued = new Set<string>();

  constructor(
    readonly s: WorkspaceState,
    readonly now: number,
    readonly deps: EngineDeps,
  ) {}

  newSid(prefix: SidPrefixValue): string {
    return this.deps.sids.next(prefix);
  }

  /** A new entity: listed as changed, version untouched. */
  created<K extends EntityKind>(kind: K, entity: EntityByKind[K]): void {
    const key = `${kind}:${entity.sid}`;
    this.bumped.add(key);
    this.deleted.delete(key);
    if (!this.changed.has(key)) this.changed.set(key, { kind, sid: entity.sid });
  }

  /** An entity modified by this command: dateUpdated = now, version bumped once per command. */
  touch<K extends EntityKind>(kind: K, entity: EntityByKind[K]): void {
    const key = `${kind}:${entity.sid}`;
    if (!this.bumped.has(key)) {
      this.bumped.add(key);
      if ("version" in entity) (entity as Versioned).version += 1;
    }
    entity.dateUpdated = this.now;
    if (!this.changed.has(key)) this.changed.set(key, { kind, sid: entity.sid });
  }

  removed(kind: EntityKind, sid: string): void {
    const key = `${kind}:${sid}`;
    this.changed.delete(key);
    this.deleted.set(key, { kind, sid });
  }

  /** Record an event; its fields are the ones its type carries (domain/event-fields.ts). */
  emit<T extends EventType>(
    eventType: T,
    resourceSid: string,
    description: string,
    fields: EventPayloads[T],
  ): void {
    const ws = this.s.workspace;
    this.events.push({
      eventType,
      resourceType: EVENT_TYPES[eventType],
      resourceSid,
      description,
      timestamp: this.now,
      fields: {
        AccountSid: ws.accountSid,
        WorkspaceSid: ws.sid,
        WorkspaceName: ws.friendlyName,
        ...fields,
      },
    });
  }

  enqueue(item: WorkItem): void {
    const key = `${item.kind}:${item.sid}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.work.push(item);
  }

  nextWork(): WorkItem | undefined {
    const item = this.work.shift();
    if (item) this.queued.delete(`${item.kind}:${item.sid}`);
    return item;
  }

  /** Whether the command has changed anything so far (every persisted change is marked here). */
  hasChanges(): boolean {
    return (
      this.bumped.size > 0 ||
      this.changed.size > 0 ||
      this.deleted.size > 0 ||
      this.events.length > 0 ||
      this.effects.length > 0 ||
      this.work.length > 0
    );
  }

  outcome<R>(result: R): Outcome<R> {
    return {
      result,
      changed: [...this.changed.values()],
      deleted: [...this.deleted.values()],
      events: this.events,
      effects: this.effects,
    };
  }
}

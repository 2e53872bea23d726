/**
 * One command's working context: the state, `now`, and what the command changed so far (entities,
 * events, effects), plus the follow-up work queue.
 *
 * Follow-up work ("settle"): handlers never call back into routing from the bottom layers. A
 * transition that frees a worker or returns a task to pending enqueues it here; after the handler,
 * the engine drains the queue in order (resume task, offer worker, drain queue), which may enqueue
 * more. This keeps the module graph acyclic and the order of events deterministic.
 */
import type { EntityByKind, EntityKind, EntityRef, Task } from "../domain/entities.ts";
import type { EventPayloads, TaskEventFields, WorkspaceEventFields } from "../domain/event-fields.ts";
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

/**
 * One entity this command created, touched or removed. Kept per kind and SID (no composite string
 * keys: building and hashing `kind:sid` on every touch was a measurable share of a decision).
 */
interface Tracked {
  readonly ref: EntityRef;
  /** Its version was bumped (or it was created) in this command. */
  bumped: boolean;
  /** Listed in `changed` (false once removed; a later touch lists it again at the end). */
  listed: boolean;
}

export class Ctx {
  private readonly tracked = new Map<EntityKind, Map<string, Tracked>>();
  /** Listed entities in first-touched order (entries whose `listed` went false are skipped). */
  private readonly order: Tracked[] = [];
  private readonly deleted = new Map<string, EntityRef>();
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

  private entry(kind: EntityKind, sid: string): Tracked {
    let byKind = this.tracked.get(kind);
    if (byKind === undefined) {
      byKind = new Map();
      this.tracked.set(kind, byKind);
    }
    let t = byKind.get(sid);
    if (t === undefined) {
      t = { ref: { kind, sid }, bumped: false, listed: true };
      byKind.set(sid, t);
      this.order.push(t);
    } else if (!t.listed) {
      // Removed earlier in this command, then touched again: listed anew, at the end.
      t = { ref: t.ref, bumped: t.bumped, listed: true };
      byKind.set(sid, t);
      this.order.push(t);
    }
    return t;
  }

  /** A new entity: listed as changed, version untouched. */
  created<K extends EntityKind>(kind: K, entity: EntityByKind[K]): void {
    const t = this.entry(kind, entity.sid);
    t.bumped = true;
    if (this.deleted.size > 0) this.deleted.delete(`${kind}:${entity.sid}`);
  }

  /** An entity modified by this command: dateUpdated = now, version bumped once per command. */
  touch<K extends EntityKind>(kind: K, entity: EntityByKind[K]): void {
    const t = this.entry(kind, entity.sid);
    if (!t.bumped) {
      t.bumped = true;
      if ("version" in entity) (entity as Versioned).version += 1;
    }
    entity.dateUpdated = this.now;
  }

  removed(kind: EntityKind, sid: string): void {
    const t = this.tracked.get(kind)?.get(sid);
    if (t) t.listed = false;
    this.deleted.set(`${kind}:${sid}`, { kind, sid });
  }

  /** Record an event; its fields are the ones its type carries (domain/event-fields.ts). */
  emit<T extends EventType>(
    eventType: T,
    resourceSid: string,
    description: string,
    fields: EventPayloads[T],
  ): void {
    const ws = this.s.workspace;
    this.emitBuilt(eventType, resourceSid, description, {
      AccountSid: ws.accountSid,
      WorkspaceSid: ws.sid,
      WorkspaceName: ws.friendlyName,
      ...fields,
    });
  }

  /**
   * Record an event whose fields already start with the workspace fields (events/fields.ts builds
   * the task and reservation groups that way): no copy. The fields object may be shared by several
   * events of this command (sharedTaskFields); readers never modify an event's fields.
   */
  emitBuilt<T extends EventType>(
    eventType: T,
    resourceSid: string,
    description: string,
    fields: WorkspaceEventFields & EventPayloads[T],
  ): void {
    this.events.push({
      eventType,
      resourceType: EVENT_TYPES[eventType],
      resourceSid,
      description,
      timestamp: this.now,
      fields,
    });
  }

  /**
   * The task's event fields, built once per state of the task: two task events in a row with no
   * state operation (WorkspaceState.writeCount) and no version bump between them carry the same
   * fields (e.g. task.created and workflow.entered) and share one object.
   */
  sharedTaskFields(
    task: Task,
    build: () => WorkspaceEventFields & TaskEventFields,
  ): WorkspaceEventFields & TaskEventFields {
    const c = this.taskFieldsCache;
    const writes = this.s.writeCount;
    if (
      c !== null &&
      c.task === task &&
      c.writes === writes &&
      c.version === task.version &&
      c.reason === task.reason
    )
      return c.fields;
    const fields = build();
    this.taskFieldsCache = { task, writes, version: task.version, reason: task.reason, fields };
    return fields;
  }
  private taskFieldsCache: {
    task: Task;
    writes: number;
    version: number;
    /** Set directly by the task machine next to its status change (not a state operation). */
    reason: string | null;
    fields: WorkspaceEventFields & TaskEventFields;
  } | null = null;

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
      this.order.length > 0 ||
      this.deleted.size > 0 ||
      this.events.length > 0 ||
      this.effects.length > 0 ||
      this.work.length > 0
    );
  }

  private changedRefs(): EntityRef[] {
    const refs: EntityRef[] = [];
    for (const t of this.order) if (t.listed) refs.push(t.ref);
    return refs;
  }

  outcome<R>(result: R): Outcome<R> {
    return {
      result,
      changed: this.changedRefs(),
      deleted: [...this.deleted.values()],
      events: this.events,
      effects: this.effects,
    };
  }
}

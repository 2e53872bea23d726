/**
 * What applying one command produced. The core returns this instead of doing any I/O: the shell
 * persists `changed`/`deleted` (reading the entities from the state) and the events in one
 * transaction, then runs the effects (assignment callbacks) and re-arms its single timer at
 * `nextWakeAt`.
 */
import type { EntityRef } from "../domain/entities.ts";
import type { DomainEvent } from "../domain/event-types.ts";

/** POST the reservation to the workflow's assignment callback (issue: callbacks). */
export interface AssignmentCallbackEffect {
  type: "assignmentCallback";
  reservationSid: string;
  taskSid: string;
  workflowSid: string;
  url: string;
  fallbackUrl: string | null;
  /** TaskRouter's form parameters (AccountSid, WorkspaceSid, TaskSid, TaskAttributes, ...). */
  params: Record<string, string>;
}

/**
 * Connect the call of a reservation accepted with a call instruction (conference, dequeue, call):
 * the reservation is on hold until the voice side answers with `reservation.callSetUp`.
 */
export interface CallSetUpEffect {
  type: "callSetUp";
  reservationSid: string;
  taskSid: string;
}

/**
 * A supervise instruction was recorded on a live reservation: the voice side adds the supervisor's
 * leg to the task's conference (docs/voice.md). Its parameters are on the reservation.
 */
export interface SuperviseEffect {
  type: "supervise";
  reservationSid: string;
  taskSid: string;
}

export type Effect = AssignmentCallbackEffect | CallSetUpEffect | SuperviseEffect;

export interface Outcome<R = unknown> {
  /** The entity the command created/updated (for the HTTP response), or null. */
  result: R;
  /** Entities created or modified, each once, in first-touched order. */
  changed: EntityRef[];
  /** Entities removed. */
  deleted: EntityRef[];
  /** Events in the order they happened. */
  events: DomainEvent[];
  effects: Effect[];
}

/**
 * The fields each TaskRouter event carries, per event type: TaskRouter's event callback parameters
 * (PascalCase), grouped as TaskRouter documents them (Task, Worker, Reservation, TaskQueue, Activity,
 * TaskChannel, Workflow), plus Tasklane's additions (prefixed `Tasklane`). The engine's `emit` takes
 * `EventPayloads[type]`, so an event built with a field group it does not carry, or without one it
 * must carry, does not compile. Stored events are read back as plain `DomainEvent.fields`.
 *
 * Object types (not interfaces) so each one is assignable to `Record<string, EventFieldValue>`.
 */

import type { EventType } from "./event-types.ts";

/** Added to every event by the engine's `emit`. */
export type WorkspaceEventFields = {
  AccountSid: string;
  WorkspaceSid: string;
  WorkspaceName: string;
};

export type TaskEventFields = {
  TaskSid: string;
  TaskAttributes: string;
  /** Seconds since the task was created. */
  TaskAge: number;
  TaskPriority: number;
  TaskAssignmentStatus: string;
  TaskCanceledReason: string | null;
  TaskCompletedReason: string | null;
  TaskChannelSid: string;
  TaskChannelUniqueName: string;
  TaskQueueSid: string | null;
  TaskQueueName: string | null;
  /** Epoch seconds. */
  TaskQueueEnteredDate: number | null;
  /** Epoch seconds. */
  TaskDateCreated: number;
  TaskVersion: number;
  WorkflowSid: string | null;
  WorkflowName: string | null;
};

export type WorkerEventFields = {
  WorkerSid: string;
  WorkerName: string;
  WorkerAttributes: string;
  WorkerActivitySid: string;
  WorkerActivityName: string | null;
  WorkerAvailable: boolean;
  WorkerVersion: number;
};

export type WorkerChannelEventFields = {
  TaskChannelSid: string;
  TaskChannelUniqueName: string;
  WorkerChannelAvailable: boolean;
  WorkerChannelCapacity: number;
  WorkerChannelAvailableCapacity: number;
  WorkerChannelTaskCount: number;
};

/** A reservation whose task or worker is gone keeps only their SIDs (and the worker's name). */
export type ReservationEventFields = (TaskEventFields | { TaskSid: string }) &
  (WorkerEventFields | { WorkerSid: string; WorkerName: string }) & {
    ReservationSid: string;
    ReservationStatus: string;
    TaskQueueSid: string | null;
    TaskQueueName: string | null;
    WorkflowSid: string | null;
    WorkflowName: string | null;
  };

export type TaskQueueEventFields = {
  TaskQueueSid: string;
  TaskQueueName: string;
  TaskQueueTargetExpression: string;
};

export type ActivityEventFields = {
  ActivitySid: string;
  ActivityName: string;
  ActivityAvailable: boolean;
};

export type TaskChannelEventFields = {
  TaskChannelSid: string;
  TaskChannelName: string;
  TaskChannelUniqueName: string;
  TaskChannelOptimizedRouting: boolean;
};

export type WorkflowEventFields = {
  WorkflowSid: string;
  WorkflowName: string;
};

/** Tasklane addition: why an assignment callback failed, and when the held task is offered again. */
export type CallbackFailureFields = {
  TasklaneCallbackFailure: string;
  /** Epoch ms, null when the task is not held. */
  TasklaneRetryAt?: number | null;
};

/** A worker got no reservation for the task it created (the task's fields, canceled, and the worker). */
export type ReservationFailedFields = TaskEventFields & { WorkerSid: string; WorkerName: string };

/** Tasklane addition: why the call of a reservation on hold was not connected (docs/voice.md). */
export type CallSetUpFailureFields = {
  TasklaneCallSetUpFailure: string;
};

export type WorkerActivityChangeFields = WorkerEventFields & {
  WorkerTimeInPreviousActivity: number;
  WorkerTimeInPreviousActivityMs: number;
  WorkerPreviousActivitySid: string;
  WorkerPreviousActivityName: string | null;
};

export type DroppedCallbacksFields = {
  TasklaneDroppedCount: number;
  TasklaneDroppedFirstSequence: number;
  TasklaneDroppedLastSequence: number;
  TasklaneCallbackFailure: string;
};

/** A task.transfer-* event: the task's fields plus the transfer's (docs/transfers.md; TaskRouter documents none). */
export type TransferEventFields = TaskEventFields & {
  TransferSid: string;
  TransferMode: string;
  TransferType: string;
  TransferTo: string;
  TransferStatus: string;
  TransferFailedReason: string | null;
  InitiatingReservationSid: string;
  InitiatingWorkerSid: string;
  InitiatingQueueSid: string | null;
  InitiatingWorkflowSid: string | null;
};

/** Tasklane addition (task.assigned-overdue): the maximum assigned time, how long, and what follows. */
export type AssignedOverdueFields = {
  /** The TasklaneMaxAssigned setting, seconds. */
  TasklaneMaxAssigned: number | null;
  /** Seconds since the task was accepted. */
  TasklaneAssignedSeconds: number;
  /** flag, complete or cancel. */
  TasklaneAction: string;
};

/** Workspace events carry only the workspace fields. */
type NoFields = Record<never, never>;

/** Event type -> the fields it carries (besides WorkspaceEventFields). */
export type EventPayloads = {
  "activity.created": ActivityEventFields;
  "activity.updated": ActivityEventFields;
  "activity.deleted": ActivityEventFields;
  "reservation.created": ReservationEventFields;
  "reservation.accepted": ReservationEventFields;
  "reservation.rejected": ReservationEventFields;
  "reservation.timeout": ReservationEventFields;
  "reservation.canceled":
    | ReservationEventFields
    | (ReservationEventFields & CallbackFailureFields)
    | (ReservationEventFields & CallSetUpFailureFields);
  "reservation.rescinded": ReservationEventFields;
  "reservation.completed": ReservationEventFields;
  "reservation.wrapup": ReservationEventFields;
  "reservation.failed": ReservationFailedFields;
  "reservation.callback-failed": ReservationEventFields & CallbackFailureFields;
  "task.created": TaskEventFields;
  "task.updated": TaskEventFields;
  "task.canceled": TaskEventFields;
  "task.wrapup": TaskEventFields;
  "task.completed": TaskEventFields;
  "task.deleted": TaskEventFields;
  "task.system-deleted": TaskEventFields;
  "task.assigned-overdue": TaskEventFields & AssignedOverdueFields;
  "task.transfer-initiated": TransferEventFields;
  "task.transfer-attempt-failed": TransferEventFields;
  "task.transfer-failed": TransferEventFields;
  "task.transfer-canceled": TransferEventFields;
  "task.transfer-completed": TransferEventFields;
  "task-channel.created": TaskChannelEventFields;
  "task-channel.updated": TaskChannelEventFields;
  "task-channel.deleted": TaskChannelEventFields;
  "task-queue.created": TaskQueueEventFields;
  "task-queue.deleted": TaskQueueEventFields;
  "task-queue.entered": TaskEventFields;
  "task-queue.timeout": TaskEventFields;
  "task-queue.moved": TaskEventFields;
  "task-queue.expression.updated": TaskQueueEventFields;
  "worker.created": WorkerEventFields;
  "worker.activity.update": WorkerActivityChangeFields;
  "worker.attributes.update": WorkerEventFields;
  "worker.capacity.update": WorkerEventFields &
    WorkerChannelEventFields & { WorkerChannelPreviousCapacity: number };
  "worker.channel.availability.update": WorkerEventFields & WorkerChannelEventFields;
  "worker.deleted": WorkerEventFields;
  "workflow.created": WorkflowEventFields;
  "workflow.updated": WorkflowEventFields;
  "workflow.deleted": WorkflowEventFields;
  "workflow.target-matched": TaskEventFields;
  "workflow.entered": TaskEventFields;
  "workflow.timeout": TaskEventFields;
  "workflow.skipped": TaskEventFields;
  "workspace.created": NoFields;
  "workspace.updated": NoFields;
  "workspace.deleted": NoFields;
  "workspace.event-callbacks-dropped": DroppedCallbacksFields;
};

/** The event types that carry a task's fields (what `emitTask` may emit). */
export type TaskEventType = {
  [T in keyof EventPayloads]: EventPayloads[T] extends TaskEventFields ? T : never;
}[keyof EventPayloads];

/** The event types that carry a reservation's fields (what `emitReservation` may emit). */
export type ReservationEventType = {
  [T in keyof EventPayloads]: T extends `reservation.${string}`
    ? ReservationEventFields extends EventPayloads[T]
      ? T
      : never
    : never;
}[keyof EventPayloads];

/** Compile-time check: every TaskRouter event type has its payload here, and nothing else does. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVENT_PAYLOADS_COVER_EVENT_TYPES: Exactly<keyof EventPayloads, EventType> = true;

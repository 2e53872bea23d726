/**
 * TaskRouter's event types, one typed map shared by event callbacks, the Events API and websockets.
 * The resource type each event is about comes with it.
 */

export const EVENT_TYPES = {
  "activity.created": "Activity",
  "activity.updated": "Activity",
  "activity.deleted": "Activity",
  "reservation.created": "Reservation",
  "reservation.accepted": "Reservation",
  "reservation.rejected": "Reservation",
  "reservation.timeout": "Reservation",
  "reservation.canceled": "Reservation",
  "reservation.rescinded": "Reservation",
  "reservation.completed": "Reservation",
  "reservation.wrapup": "Reservation",
  "reservation.failed": "Reservation",
  /** Tasklane addition: an assignment callback failed and the fallback URL is tried next. */
  "reservation.callback-failed": "Reservation",
  "task.created": "Task",
  "task.updated": "Task",
  "task.canceled": "Task",
  "task.wrapup": "Task",
  "task.completed": "Task",
  "task.deleted": "Task",
  "task.system-deleted": "Task",
  /**
   * Tasklane addition: a task is still assigned or wrapping Workspace.maxAssignedSeconds after its
   * acceptance (once per task; docs/operations.md, "Maximum assigned time").
   */
  "task.assigned-overdue": "Task",
  "task.transfer-initiated": "Task",
  "task.transfer-attempt-failed": "Task",
  "task.transfer-failed": "Task",
  "task.transfer-canceled": "Task",
  "task.transfer-completed": "Task",
  "task-channel.created": "TaskChannel",
  "task-channel.updated": "TaskChannel",
  "task-channel.deleted": "TaskChannel",
  "task-queue.created": "TaskQueue",
  "task-queue.deleted": "TaskQueue",
  "task-queue.entered": "Task",
  "task-queue.timeout": "Task",
  "task-queue.moved": "Task",
  "task-queue.expression.updated": "TaskQueue",
  "worker.created": "Worker",
  "worker.activity.update": "Worker",
  "worker.attributes.update": "Worker",
  "worker.capacity.update": "Worker",
  "worker.channel.availability.update": "Worker",
  "worker.deleted": "Worker",
  "workflow.created": "Workflow",
  "workflow.updated": "Workflow",
  "workflow.deleted": "Workflow",
  "workflow.target-matched": "Task",
  "workflow.entered": "Task",
  "workflow.timeout": "Task",
  "workflow.skipped": "Task",
  "workspace.created": "Workspace",
  "workspace.updated": "Workspace",
  "workspace.deleted": "Workspace",
  /**
   * Tasklane addition: queued event callbacks were dropped (still failing past
   * TASKLANE_EVENT_CALLBACK_MAX_AGE_MS, or no EventCallbackUrl any more). Never sent as a callback.
   */
  "workspace.event-callbacks-dropped": "Workspace",
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type ResourceType = (typeof EVENT_TYPES)[EventType];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}

/** Scalar values of an event's callback fields. */
export type EventFieldValue = string | number | boolean | null;

/**
 * One event as the core produces it. `fields` holds TaskRouter's callback parameters in their
 * PascalCase names (TaskSid, WorkerActivityName, TaskQueueSid, ...), captured at the moment of the
 * event. The Events API renders them snake_case in `event_data`.
 */
export interface DomainEvent {
  eventType: EventType;
  resourceType: ResourceType;
  resourceSid: string;
  description: string;
  /** Epoch ms. */
  timestamp: number;
  fields: Record<string, EventFieldValue>;
}

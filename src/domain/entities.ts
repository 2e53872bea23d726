/**
 * Tasklane's domain entities, named as TaskRouter names them.
 *
 * Glossary (TaskRouter terms):
 * - Workspace: the container; every other entity belongs to exactly one. One writer per workspace.
 * - Activity: a worker state (Offline, Available, ...). `available` decides whether a worker in it
 *   may receive reservations; it is fixed when the activity is created.
 * - TaskChannel: a kind of work (voice, chat, ...). Each worker has one WorkerChannel per TaskChannel
 *   holding its capacity for that kind of work (multitasking).
 * - Worker: someone (or something) that handles tasks; JSON `attributes` describe skills.
 * - TaskQueue: a set of waiting tasks plus the set of workers whose attributes match the queue's
 *   `TargetWorkers` expression ("eligible" members).
 * - Workflow: the routing rules: filters (task expressions) with ordered targets (queue, priority,
 *   timeout, target expression, order_by, skip_if, known worker), and a default filter.
 * - Task: a unit of work moving pending -> reserved -> assigned -> wrapping -> completed (or canceled).
 * - Reservation: the offer of one task to one worker; pending until accepted, rejected, timed out,
 *   canceled or rescinded.
 * - Target/step: one entry of a filter's `targets`; the task sits in the target's queue until it is
 *   reserved, the step times out (measured on task age, cumulatively) or `skip_if` fires.
 *
 * All times are epoch milliseconds (numbers) taken from the injected clock. JSON documents are kept
 * twice: the exact string the client sent (returned verbatim on the wire) and its parsed value.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type TaskOrder = "FIFO" | "LIFO";

/** What the server does with a task assigned longer than Workspace.maxAssignedSeconds. */
export const MAX_ASSIGNED_ACTIONS = ["flag", "complete", "cancel"] as const;
export type MaxAssignedAction = (typeof MAX_ASSIGNED_ACTIONS)[number];

/**
 * A cross-channel rule (Workspace.channelRules): while a worker holds a reservation on the `while`
 * channel (pending, accepted or wrapping), it is offered nothing on the `block` channels. Channels
 * by unique name.
 */
export interface ChannelRule {
  while: string;
  block: string[];
}

export interface Workspace {
  sid: string;
  accountSid: string;
  friendlyName: string;
  eventCallbackUrl: string | null;
  eventsFilter: string | null;
  multiTaskEnabled: boolean;
  defaultActivitySid: string;
  timeoutActivitySid: string;
  prioritizeQueueOrder: TaskOrder;
  /**
   * Tasklane settings (not TaskRouter fields; /tasklane/v1/Workspaces/{WS}/Settings): the activity a
   * worker moves to when its last worker-SDK connection has been gone for the grace period, and that
   * period in seconds. Absent or null: the server-wide defaults apply.
   */
  disconnectActivitySid?: string | null;
  disconnectGraceSeconds?: number | null;
  /**
   * Tasklane chores (docs/operations.md, "Chores done server-side"); absent or null = off: a task
   * assigned (or wrapping) this many seconds after acceptance gets `task.assigned-overdue`, then
   * the action (default flag); the cross-channel rules.
   */
  maxAssignedSeconds?: number | null;
  maxAssignedAction?: MaxAssignedAction | null;
  channelRules?: ChannelRule[] | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface Activity {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  available: boolean;
  dateCreated: number;
  dateUpdated: number;
}

export interface TaskChannel {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  uniqueName: string;
  channelOptimizedRouting: boolean;
  /** Tasklane chore: a task of this channel wrapping this many seconds is completed; absent/null = off. */
  wrapUpLimitSeconds?: number | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface WorkerChannel {
  sid: string;
  workspaceSid: string;
  workerSid: string;
  taskChannelSid: string;
  taskChannelUniqueName: string;
  configuredCapacity: number;
  available: boolean;
  /** Last time a reservation was made on this channel (epoch ms), 0 if never. */
  lastReservedTime: number;
  dateCreated: number;
  dateUpdated: number;
}

export interface Worker {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  attributes: string;
  attrs: JsonObject;
  activitySid: string;
  /** When the activity last changed (TaskRouter `date_status_changed`). */
  dateStatusChanged: number;
  /** Last time the worker was given a task (reservation made or accepted): idle ordering. */
  lastAssignedAt: number;
  /** Incremented on every change; rendered as the quoted ETag. */
  version: number;
  dateCreated: number;
  dateUpdated: number;
}

export interface TaskQueue {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  targetWorkers: string;
  maxReservedWorkers: number;
  taskOrder: TaskOrder;
  reservationActivitySid: string | null;
  assignmentActivitySid: string | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface Workflow {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  /** The configuration JSON exactly as sent. */
  configuration: string;
  assignmentCallbackUrl: string | null;
  fallbackAssignmentCallbackUrl: string | null;
  /** Seconds. */
  taskReservationTimeout: number;
  dateCreated: number;
  dateUpdated: number;
}

/** A task's assignment_status values, in TaskRouter's order. */
export const TASK_STATUSES = [
  "pending",
  "reserved",
  "assigned",
  "canceled",
  "completed",
  "wrapping",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Where a task is in its workflow: which filter and which target of it. */
export interface RoutingPosition {
  /** Index in `task_routing.filters`, or -1 for the default filter, or null when routed directly. */
  filterIndex: number | null;
  targetIndex: number;
  /** Task age (ms since creation) at which the current step times out; null = final step. */
  stepDeadline: number | null;
  /** skip_if of the current step was already evaluated. */
  skipChecked: boolean;
}

export interface Task {
  sid: string;
  workspaceSid: string;
  attributes: string;
  attrs: JsonObject;
  assignmentStatus: TaskStatus;
  /** 0..2^31-1, higher first; a workflow target's `priority` overrides it. */
  priority: number;
  reason: string | null;
  taskChannelSid: string;
  taskChannelUniqueName: string;
  workflowSid: string | null;
  taskQueueSid: string | null;
  /** When the task entered its current queue (epoch ms), null when in none. */
  taskQueueEnteredDate: number | null;
  /** TTL in seconds. */
  timeout: number;
  virtualStartTime: number;
  routingTarget: string | null;
  ignoreCapacity: boolean | null;
  routing: RoutingPosition | null;
  /** Number of pending -> reserved moves (Max Assignment Count 1,000). */
  assignmentCount: number;
  version: number;
  dateCreated: number;
  dateUpdated: number;
  /** When a terminal task is removed (retention); null while active. */
  deleteAt: number | null;
  /**
   * When the task was assigned and when it entered wrapping (epoch ms), and when it was flagged
   * `task.assigned-overdue`: the chores' timers count from them (engine/chores). Absent on tasks
   * stored before they existed, which read as null.
   */
  assignedAt?: number | null;
  wrappingAt?: number | null;
  overdueAt?: number | null;
  /** The task's transfers, oldest first (docs/transfers.md); absent on tasks never transferred. */
  transfers?: Transfer[];
}

/** A transfer's transfer_status values (lower case on the wire, docs/transfers.md). */
export const TRANSFER_STATUSES = ["initiated", "complete", "failed", "canceled"] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export type TransferMode = "WARM" | "COLD";

/** Where a task was routed before a transfer moved it: restored when the task goes back. */
export interface SavedStep {
  routing: RoutingPosition | null;
  taskQueueSid: string | null;
  taskQueueEnteredDate: number | null;
}

/** One task.transfer() of a task to a worker or a queue (docs/transfers.md). */
export interface Transfer {
  sid: string;
  taskSid: string;
  mode: TransferMode;
  type: "WORKER" | "QUEUE";
  /** The target: a WK or WQ SID. */
  to: string;
  status: TransferStatus;
  /** Why the transfer, or its last attempt, failed. */
  failedReason: string | null;
  initiatingReservationSid: string;
  initiatingWorkerSid: string;
  initiatingQueueSid: string | null;
  initiatingWorkflowSid: string | null;
  returnTo: SavedStep;
  dateCreated: number;
  dateUpdated: number;
}

/** A reservation's reservation_status values, in TaskRouter's order. */
export const RESERVATION_STATUSES = [
  "pending",
  "accepted",
  "rejected",
  "timeout",
  "canceled",
  "rescinded",
  "wrapping",
  "completed",
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface Reservation {
  sid: string;
  workspaceSid: string;
  taskSid: string;
  workerSid: string;
  workerName: string;
  taskQueueSid: string | null;
  workflowSid: string | null;
  taskChannelSid: string;
  reservationStatus: ReservationStatus;
  /** Seconds the worker has to answer. */
  timeoutSeconds: number;
  /** Epoch ms at which a pending reservation times out. */
  timeoutAt: number | null;
  workerPreviousActivitySid: string;
  /** Last instruction given (accept, reject, dequeue, call, redirect, conference...) and its parameters. */
  instruction: string | null;
  instructionParams: Record<string, string | string[]> | null;
  canceledReasonCode: number | null;
  /** The transfer this reservation was offered for (docs/transfers.md); absent or null otherwise. */
  transferSid?: string | null;
  /**
   * TaskRouter's internal "onHold": the worker accepted with an instruction that connects a call
   * (conference, dequeue, call on a task with a call_sid). The reservation stays pending, its
   * answer timeout replaced by the set-up limit, until the voice side reports (docs/voice.md,
   * engine/reservations/call-setup.ts). Absent or false otherwise.
   */
  onHold?: boolean;
  version: number;
  dateCreated: number;
  dateUpdated: number;
}

export type EntityKind =
  | "workspace"
  | "activity"
  | "taskChannel"
  | "worker"
  | "workerChannel"
  | "taskQueue"
  | "workflow"
  | "task"
  | "reservation";

export interface EntityByKind {
  workspace: Workspace;
  activity: Activity;
  taskChannel: TaskChannel;
  worker: Worker;
  workerChannel: WorkerChannel;
  taskQueue: TaskQueue;
  workflow: Workflow;
  task: Task;
  reservation: Reservation;
}

export interface EntityRef {
  kind: EntityKind;
  sid: string;
}

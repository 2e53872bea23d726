/**
 * Commands: every change to a workspace is one of these, applied by the workspace's single writer.
 * Values arrive already decoded from the wire (numbers are numbers, booleans booleans, JSON documents
 * are the raw strings the client sent). The engine validates everything that depends on state or on
 * TaskRouter's rules (existence of SIDs, expressions, JSON, ranges, allowed transitions) and throws a
 * TaskRouterError when a command is refused; a refused command changes nothing.
 */
import type {
  Activity,
  MaxAssignedAction,
  Reservation,
  ReservationStatus,
  Task,
  TaskChannel,
  TaskOrder,
  TaskQueue,
  TaskStatus,
  Transfer,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from "../domain/entities.ts";

/** The workspace's Tasklane chores (engine/chores/settings.ts); null clears one, undefined keeps it. */
export interface WorkspaceChores {
  maxAssignedSeconds?: number | null | undefined;
  maxAssignedAction?: MaxAssignedAction | null | undefined;
  /** The JSON text of TasklaneChannelRules; null or "" clears. */
  channelRules?: string | null | undefined;
}

/** `ifMatch` is the raw If-Match header; a mismatch with the entity's ETag is a 412. */
interface Conditional {
  ifMatch?: string | undefined;
}

export type Command =
  | ({
      type: "workspace.update";
      friendlyName?: string;
      eventCallbackUrl?: string | null;
      eventsFilter?: string | null;
      multiTaskEnabled?: boolean;
      defaultActivitySid?: string;
      timeoutActivitySid?: string;
      prioritizeQueueOrder?: TaskOrder;
      /** Tasklane settings; null clears them (see Workspace.disconnectActivitySid). */
      disconnectActivitySid?: string | null;
      disconnectGraceSeconds?: number | null;
    } & WorkspaceChores)
  | { type: "activity.create"; friendlyName: string; available?: boolean }
  | { type: "activity.update"; sid: string; friendlyName?: string }
  | { type: "activity.delete"; sid: string }
  | {
      type: "taskChannel.create";
      friendlyName: string;
      uniqueName: string;
      channelOptimizedRouting?: boolean;
      /** Tasklane chore (TasklaneWrapUpLimit): seconds; null = off. */
      wrapUpLimitSeconds?: number | null;
    }
  /** `sid` is a TC SID or a unique name. */
  | {
      type: "taskChannel.update";
      sid: string;
      friendlyName?: string;
      channelOptimizedRouting?: boolean;
      wrapUpLimitSeconds?: number | null;
    }
  | { type: "taskChannel.delete"; sid: string }
  | { type: "worker.create"; friendlyName: string; activitySid?: string; attributes?: string }
  | ({
      type: "worker.update";
      sid: string;
      friendlyName?: string;
      activitySid?: string;
      attributes?: string;
      rejectPendingReservations?: boolean;
    } & Conditional)
  | ({ type: "worker.delete"; sid: string } & Conditional)
  /** `sid` is a WC SID, a TC SID or a task channel unique name. */
  | { type: "workerChannel.update"; workerSid: string; sid: string; capacity?: number; available?: boolean }
  | {
      type: "taskQueue.create";
      friendlyName: string;
      targetWorkers?: string;
      maxReservedWorkers?: number;
      taskOrder?: TaskOrder;
      reservationActivitySid?: string;
      assignmentActivitySid?: string;
    }
  | {
      type: "taskQueue.update";
      sid: string;
      friendlyName?: string;
      targetWorkers?: string;
      maxReservedWorkers?: number;
      taskOrder?: TaskOrder;
      reservationActivitySid?: string;
      assignmentActivitySid?: string;
    }
  | { type: "taskQueue.delete"; sid: string }
  | {
      type: "workflow.create";
      friendlyName: string;
      configuration: string;
      assignmentCallbackUrl?: string | null;
      fallbackAssignmentCallbackUrl?: string | null;
      taskReservationTimeout?: number;
    }
  | {
      type: "workflow.update";
      sid: string;
      friendlyName?: string;
      configuration?: string;
      assignmentCallbackUrl?: string | null;
      fallbackAssignmentCallbackUrl?: string | null;
      taskReservationTimeout?: number;
      reEvaluateTasks?: boolean;
    }
  | { type: "workflow.delete"; sid: string }
  /** ReEvaluateTasks for some of the workflow's tasks (the shell sends them in chunks). */
  | { type: "workflow.reevaluate"; sid: string; taskSids: readonly string[] }
  | {
      type: "task.create";
      attributes?: string;
      priority?: number;
      timeout?: number;
      /** TC SID or unique name. */
      taskChannel?: string;
      workflowSid?: string;
      taskQueueSid?: string;
      /** Epoch ms. */
      virtualStartTime?: number;
      routingTarget?: string;
      ignoreCapacity?: boolean;
    }
  | ({
      type: "task.update";
      sid: string;
      attributes?: string;
      assignmentStatus?: TaskStatus;
      reason?: string;
      priority?: number;
      taskChannel?: string;
      virtualStartTime?: number;
    } & Conditional)
  | ({ type: "task.delete"; sid: string } & Conditional)
  /**
   * The gateway, right after a worker created a task routed to itself: cancel it with
   * `reservation.failed` when it got no reservation (engine/reservations/reservation-failed.ts).
   */
  | { type: "task.reservationFailed"; sid: string; workerSid: string }
  /**
   * One reservation update, from the Task view (taskSid set) or the Worker view (workerSid set).
   * `instruction` is TaskRouter's free string (accept, reject, dequeue, call, redirect, conference,
   * supervise); `instructionParams` holds the PascalCase form fields that go with it.
   */
  | ({
      type: "reservation.update";
      sid: string;
      taskSid?: string;
      workerSid?: string;
      reservationStatus?: ReservationStatus;
      workerActivitySid?: string;
      instruction?: string;
      instructionParams?: Record<string, string | string[]>;
    } & Conditional)
  /**
   * The voice side's report on the call of a reservation on hold (engine/reservations/call-setup.ts):
   * without `failure` the call is connected and the reservation accepted; with it the reservation
   * is canceled with `failure.code` as canceled_reason_code. A reservation no longer on hold is left
   * alone (the result is null then).
   */
  | { type: "reservation.callSetUp"; sid: string; failure?: { code: number; reason: string } }
  /**
   * Both assignment callback URLs failed for a reservation (issued by the shell's callback delivery):
   * a still-pending reservation is canceled with `reason` and its task routed again; a reservation
   * that has moved on meanwhile is left alone (the result is null then).
   */
  | {
      type: "reservation.callbackFailed";
      sid: string;
      reason: string;
      /**
       * false: the primary URL failed and the fallback URL is tried next; only a
       * `reservation.callback-failed` event records it. true (default): both failed, cancel.
       */
      cancel?: boolean;
      /**
       * With a cancel: hold the task back from new reservations for this long (ms), so a failing
       * receiver is not asked again at once (routing/hold.ts). 0 or absent: routed again at once.
       */
      retryAfterMs?: number;
    }
  /**
   * The shell's event-callback delivery dropped queued callbacks (outbox sequences first..last):
   * recorded as a `workspace.event-callbacks-dropped` event. Changes no entity.
   */
  | {
      type: "workspace.eventCallbacksDropped";
      count: number;
      firstSequence: number;
      lastSequence: number;
      reason: string;
    }
  /**
   * A worker transfers a task it holds (docs/transfers.md): `workerSid` is the transferring worker
   * (the token's), `reservationSid` its accepted reservation, `to` a WK or WQ SID, `mode` WARM or
   * COLD (case-insensitive, default WARM).
   */
  | {
      type: "transfer.create";
      taskSid: string;
      reservationSid: string;
      workerSid: string;
      to: string;
      mode?: string | undefined;
      attributes?: string | undefined;
      priority?: number | undefined;
    }
  /** The transferring worker cancels its initiated transfer. */
  | { type: "transfer.cancel"; taskSid: string; sid: string; workerSid: string }
  /** Fire every timer due at `now` (reservation timeouts, step timeouts, TTLs, retention). */
  | { type: "tick" };

export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
/** Each command by its type (a mapped type, so `CommandMap[T]` with a generic T stays precise). */
export type CommandMap = { [T in CommandType]: CommandOf<T> };
/** A command whose type is known to be T: what `execute` takes to return `CommandResults[T]`. */
export type TypedCommand<T extends CommandType> = CommandMap[T] & { type: T };

/** What each command returns (the entity for the HTTP response, or null). */
export interface CommandResults {
  "workspace.update": Workspace;
  "activity.create": Activity;
  "activity.update": Activity;
  "activity.delete": null;
  "taskChannel.create": TaskChannel;
  "taskChannel.update": TaskChannel;
  "taskChannel.delete": null;
  "worker.create": Worker;
  "worker.update": Worker;
  "worker.delete": null;
  "workerChannel.update": WorkerChannel;
  "taskQueue.create": TaskQueue;
  "taskQueue.update": TaskQueue;
  "taskQueue.delete": null;
  "workflow.create": Workflow;
  "workflow.update": Workflow;
  "workflow.delete": null;
  "workflow.reevaluate": null;
  "task.create": Task;
  "task.update": Task;
  "task.delete": null;
  /** null: the task got its reservation (or moved on) and was left alone. */
  "task.reservationFailed": Task | null;
  "reservation.update": Reservation;
  /** null: the reservation had moved on meanwhile and was left alone. */
  "reservation.callbackFailed": Reservation | null;
  /** null: the reservation was no longer on hold and was left alone. */
  "reservation.callSetUp": Reservation | null;
  "workspace.eventCallbacksDropped": null;
  "transfer.create": Transfer;
  "transfer.cancel": Transfer;
  tick: null;
}
export type ResultOf<T extends CommandType> = CommandResults[T];

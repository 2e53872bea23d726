/**
 * TaskRouter's event callback fields (PascalCase), captured at the moment of the event. One builder
 * per field group (Task, Worker, Reservation, TaskQueue, Activity, TaskChannel, Workflow); the
 * workspace fields (AccountSid, WorkspaceSid, WorkspaceName) are added by Ctx.emit, except for the
 * task and reservation groups (the fields of every decision's events): those are built with the
 * workspace fields first, in one object literal, and emitted without a copy (Ctx.emitBuilt).
 */
import type {
  Activity,
  Reservation,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
} from "../../domain/entities.ts";
import type {
  ActivityEventFields,
  ReservationEventFields,
  TaskChannelEventFields,
  TaskEventFields,
  TaskQueueEventFields,
  WorkerChannelEventFields,
  WorkerEventFields,
  WorkflowEventFields,
  WorkspaceEventFields,
} from "../../domain/event-fields.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";

export function taskAgeSeconds(task: Task, now: number): number {
  return Math.max(0, Math.floor((now - task.dateCreated) / 1000));
}

export function taskFields(
  s: WorkspaceState,
  task: Task,
  now: number,
): WorkspaceEventFields & TaskEventFields {
  const ws = s.workspace;
  const queue = task.taskQueueSid ? s.queuesById.get(task.taskQueueSid) : undefined;
  const workflow = task.workflowSid ? s.workflowsById.get(task.workflowSid) : undefined;
  return {
    AccountSid: ws.accountSid,
    WorkspaceSid: ws.sid,
    WorkspaceName: ws.friendlyName,
    TaskSid: task.sid,
    TaskAttributes: task.attributes,
    TaskAge: taskAgeSeconds(task, now),
    TaskPriority: task.priority,
    TaskAssignmentStatus: task.assignmentStatus,
    TaskCanceledReason: task.assignmentStatus === "canceled" ? task.reason : null,
    TaskCompletedReason: task.assignmentStatus === "completed" ? task.reason : null,
    TaskChannelSid: task.taskChannelSid,
    TaskChannelUniqueName: task.taskChannelUniqueName,
    TaskQueueSid: task.taskQueueSid,
    TaskQueueName: queue?.friendlyName ?? null,
    TaskQueueEnteredDate:
      task.taskQueueEnteredDate === null ? null : Math.floor(task.taskQueueEnteredDate / 1000),
    TaskDateCreated: Math.floor(task.dateCreated / 1000),
    TaskVersion: task.version,
    WorkflowSid: task.workflowSid,
    WorkflowName: workflow?.friendlyName ?? null,
  };
}

export function workerFields(s: WorkspaceState, worker: Worker): WorkerEventFields {
  const activity = s.activitiesById.get(worker.activitySid);
  return {
    WorkerSid: worker.sid,
    WorkerName: worker.friendlyName,
    WorkerAttributes: worker.attributes,
    WorkerActivitySid: worker.activitySid,
    WorkerActivityName: activity?.friendlyName ?? null,
    WorkerAvailable: activity?.available ?? false,
    WorkerVersion: worker.version,
  };
}

export function workerChannelFields(s: WorkspaceState, wc: WorkerChannel): WorkerChannelEventFields {
  const state = s.workerChannelState(wc);
  return {
    TaskChannelSid: wc.taskChannelSid,
    TaskChannelUniqueName: wc.taskChannelUniqueName,
    WorkerChannelAvailable: wc.available,
    WorkerChannelCapacity: wc.configuredCapacity,
    WorkerChannelAvailableCapacity: state.availableCapacityPercentage,
    WorkerChannelTaskCount: state.assignedTasks,
  };
}

export function reservationFields(
  s: WorkspaceState,
  res: Reservation,
  now: number,
): WorkspaceEventFields & ReservationEventFields {
  const task = s.tasksById.get(res.taskSid);
  const worker = s.workersById.get(res.workerSid);
  const queue = res.taskQueueSid ? s.queuesById.get(res.taskQueueSid) : undefined;
  const workflow = res.workflowSid ? s.workflowsById.get(res.workflowSid) : undefined;
  const ws = s.workspace;
  // Every decision's reservation.created goes here: one literal (an Object.assign of the three groups
  // costs ~0.1 µs more per decision) with the same keys, order and values as the assembly below: the
  // task's fields with the reservation's queue and workflow in their places, the worker's, then the
  // reservation's own (test/unit/engine/event-payloads.test.ts compares the two).
  if (task && worker) {
    const activity = s.activitiesById.get(worker.activitySid);
    return {
      AccountSid: ws.accountSid,
      WorkspaceSid: ws.sid,
      WorkspaceName: ws.friendlyName,
      TaskSid: task.sid,
      TaskAttributes: task.attributes,
      TaskAge: taskAgeSeconds(task, now),
      TaskPriority: task.priority,
      TaskAssignmentStatus: task.assignmentStatus,
      TaskCanceledReason: task.assignmentStatus === "canceled" ? task.reason : null,
      TaskCompletedReason: task.assignmentStatus === "completed" ? task.reason : null,
      TaskChannelSid: task.taskChannelSid,
      TaskChannelUniqueName: task.taskChannelUniqueName,
      TaskQueueSid: res.taskQueueSid,
      TaskQueueName: queue?.friendlyName ?? null,
      TaskQueueEnteredDate:
        task.taskQueueEnteredDate === null ? null : Math.floor(task.taskQueueEnteredDate / 1000),
      TaskDateCreated: Math.floor(task.dateCreated / 1000),
      TaskVersion: task.version,
      WorkflowSid: res.workflowSid,
      WorkflowName: workflow?.friendlyName ?? null,
      WorkerSid: worker.sid,
      WorkerName: worker.friendlyName,
      WorkerAttributes: worker.attributes,
      WorkerActivitySid: worker.activitySid,
      WorkerActivityName: activity?.friendlyName ?? null,
      WorkerAvailable: activity?.available ?? false,
      WorkerVersion: worker.version,
      ReservationSid: res.sid,
      ReservationStatus: res.reservationStatus,
    };
  }
  // A task or worker already gone: Object.assign into the first part's fresh object (no spreads);
  // the key order is the task's fields, the worker's, then the reservation's (keys already present
  // keep their position, as with a spread).
  const taskPart: WorkspaceEventFields & (TaskEventFields | { TaskSid: string }) = task
    ? taskFields(s, task, now)
    : {
        AccountSid: ws.accountSid,
        WorkspaceSid: ws.sid,
        WorkspaceName: ws.friendlyName,
        TaskSid: res.taskSid,
      };
  const workerPart: WorkerEventFields | { WorkerSid: string; WorkerName: string } = worker
    ? workerFields(s, worker)
    : { WorkerSid: res.workerSid, WorkerName: res.workerName };
  return Object.assign(taskPart, workerPart, {
    ReservationSid: res.sid,
    ReservationStatus: res.reservationStatus,
    TaskQueueSid: res.taskQueueSid,
    TaskQueueName: queue?.friendlyName ?? null,
    WorkflowSid: res.workflowSid,
    WorkflowName: workflow?.friendlyName ?? null,
  });
}

export function queueFields(queue: TaskQueue): TaskQueueEventFields {
  return {
    TaskQueueSid: queue.sid,
    TaskQueueName: queue.friendlyName,
    TaskQueueTargetExpression: queue.targetWorkers,
  };
}

export function activityFields(activity: Activity): ActivityEventFields {
  return {
    ActivitySid: activity.sid,
    ActivityName: activity.friendlyName,
    ActivityAvailable: activity.available,
  };
}

export function channelFields(channel: TaskChannel): TaskChannelEventFields {
  return {
    TaskChannelSid: channel.sid,
    TaskChannelName: channel.friendlyName,
    TaskChannelUniqueName: channel.uniqueName,
    TaskChannelOptimizedRouting: channel.channelOptimizedRouting,
  };
}

export function workflowFields(workflow: Workflow): WorkflowEventFields {
  return { WorkflowSid: workflow.sid, WorkflowName: workflow.friendlyName };
}

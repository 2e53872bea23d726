/** Small, valid domain entities for store and runtime tests. */
import type { Activity, Task, Workspace } from "../../src/domain/entities.ts";
import type { DomainEvent } from "../../src/domain/event-types.ts";

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

export function workspaceEntity(sid: string, accountSid: string, friendlyName = "ws"): Workspace {
  return {
    sid,
    accountSid,
    friendlyName,
    eventCallbackUrl: null,
    eventsFilter: null,
    multiTaskEnabled: true,
    defaultActivitySid: `WA${sid.slice(2)}`,
    timeoutActivitySid: `WA${sid.slice(2)}`,
    prioritizeQueueOrder: "FIFO",
    dateCreated: T0,
    dateUpdated: T0,
  };
}

export function activityEntity(sid: string, workspaceSid: string, friendlyName = "Offline"): Activity {
  return { sid, workspaceSid, friendlyName, available: false, dateCreated: T0, dateUpdated: T0 };
}

export function taskEntity(sid: string, workspaceSid: string): Task {
  return {
    sid,
    workspaceSid,
    attributes: '{"type":"support"}',
    attrs: { type: "support" },
    assignmentStatus: "pending",
    priority: 0,
    reason: null,
    taskChannelSid: `TC${"0".repeat(32)}`,
    taskChannelUniqueName: "default",
    workflowSid: null,
    taskQueueSid: null,
    taskQueueEnteredDate: null,
    timeout: 86400,
    virtualStartTime: T0,
    routingTarget: null,
    ignoreCapacity: null,
    routing: { filterIndex: 0, targetIndex: 0, stepDeadline: null, skipChecked: false },
    assignmentCount: 0,
    version: 1,
    dateCreated: T0,
    dateUpdated: T0,
    deleteAt: null,
  };
}

export function domainEvent(
  resourceSid: string,
  eventType: DomainEvent["eventType"] = "task.created",
): DomainEvent {
  return {
    eventType,
    resourceType: "Task",
    resourceSid,
    description: `${eventType} for ${resourceSid}`,
    timestamp: T0,
    fields: { TaskSid: resourceSid, TaskPriority: 0, TaskAge: null, Flag: true },
  };
}

export function sid(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(32, "0");
}

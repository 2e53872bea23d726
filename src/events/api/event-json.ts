/**
 * The Events API's wire form of a stored event (snake_case; `event_data` holds snake_case copies of
 * the callback fields: WorkerTimeInPreviousActivityMs -> worker_time_in_previous_activity_ms).
 * Tasklane records no actor: the workspace is named as the actor, like TaskRouter does for system
 * events. Task attributes are redacted (null) for events older than 43,200 minutes, as TaskRouter does.
 */
import type { StoredEvent } from "../../store/port.ts";

const REDACT_AFTER_MS = 43_200 * 60_000;

export interface EventJsonContext {
  /** Public base URL, no trailing slash. */
  base: string;
  accountSid: string;
  /** Epoch ms of the request (for redaction). */
  now: number;
}

export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

export function eventJson(ctx: EventJsonContext, event: StoredEvent): Record<string, unknown> {
  const workspaceUrl = `${ctx.base}/v1/Workspaces/${event.workspaceSid}`;
  const redact = ctx.now - event.timestamp > REDACT_AFTER_MS;
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event.fields)) {
    data[snakeCase(name)] = redact && name === "TaskAttributes" ? null : value;
  }
  return {
    account_sid: ctx.accountSid,
    actor_sid: event.workspaceSid,
    actor_type: "workspace",
    actor_url: workspaceUrl,
    description: event.description,
    event_data: data,
    event_date: new Date(event.timestamp).toISOString().replace(/\.\d{3}Z$/, "Z"),
    event_date_ms: event.timestamp,
    event_type: event.eventType,
    resource_sid: event.resourceSid,
    resource_type: event.resourceType,
    resource_url: resourceUrl(workspaceUrl, event),
    sid: event.sid,
    source: "Tasklane",
    source_ip_address: null,
    url: `${workspaceUrl}/Events/${event.sid}`,
    workspace_sid: event.workspaceSid,
  };
}

function resourceUrl(workspaceUrl: string, event: StoredEvent): string {
  const sid = event.resourceSid;
  switch (event.resourceType) {
    case "Workspace":
      return workspaceUrl;
    case "Activity":
      return `${workspaceUrl}/Activities/${sid}`;
    case "Task":
      return `${workspaceUrl}/Tasks/${sid}`;
    case "Reservation": {
      const task = event.fields.TaskSid;
      return typeof task === "string"
        ? `${workspaceUrl}/Tasks/${task}/Reservations/${sid}`
        : `${workspaceUrl}/Workers/${String(event.fields.WorkerSid)}/Reservations/${sid}`;
    }
    case "TaskChannel":
      return `${workspaceUrl}/TaskChannels/${sid}`;
    case "TaskQueue":
      return `${workspaceUrl}/TaskQueues/${sid}`;
    case "Worker":
      return `${workspaceUrl}/Workers/${sid}`;
    case "Workflow":
      return `${workspaceUrl}/Workflows/${sid}`;
  }
}

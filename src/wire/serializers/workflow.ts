/** A Workflow: REST only (the worker SDK never reads workflows, so its key list is empty). */
import type { Workflow } from "../../domain/entities.ts";
import {
  COMMON_FIELDS,
  type Keys,
  render,
  type WireContext,
  type WireObject,
  wireDate,
  workspaceUrl,
} from "./dialect.ts";

const FIELDS = {
  ...COMMON_FIELDS,
  assignment_callback_url: (_: WireContext, w: Workflow) => w.assignmentCallbackUrl,
  configuration: (_: WireContext, w: Workflow) => w.configuration,
  date_created: (ctx: WireContext, w: Workflow) => wireDate(ctx, w.dateCreated),
  date_updated: (ctx: WireContext, w: Workflow) => wireDate(ctx, w.dateUpdated),
  document_content_type: () => "application/json",
  fallback_assignment_callback_url: (_: WireContext, w: Workflow) => w.fallbackAssignmentCallbackUrl,
  friendly_name: (_: WireContext, w: Workflow) => w.friendlyName,
  sid: (_: WireContext, w: Workflow) => w.sid,
  task_reservation_timeout: (_: WireContext, w: Workflow) => w.taskReservationTimeout,
  url: (ctx: WireContext, w: Workflow) => workspaceUrl(ctx, "Workflows", w.sid),
  links: (ctx: WireContext, w: Workflow) => ({
    statistics: workspaceUrl(ctx, "Workflows", w.sid, "Statistics"),
    real_time_statistics: workspaceUrl(ctx, "Workflows", w.sid, "RealTimeStatistics"),
    cumulative_statistics: workspaceUrl(ctx, "Workflows", w.sid, "CumulativeStatistics"),
  }),
};

const KEYS: Keys<keyof typeof FIELDS> = {
  rest: [
    "account_sid",
    "workspace_sid",
    "assignment_callback_url",
    "configuration",
    "date_created",
    "date_updated",
    "document_content_type",
    "fallback_assignment_callback_url",
    "friendly_name",
    "sid",
    "task_reservation_timeout",
    "url",
    "links",
  ],
  sdk: [],
};

export function serializeWorkflow(ctx: WireContext, w: Workflow): WireObject {
  return render(ctx, FIELDS, KEYS, w, undefined);
}

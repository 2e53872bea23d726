/**
 * The workspace file: one TaskRouter Workspace as data, every reference by name.
 *
 * Terminology:
 * - spec: the file's content after parsing and validation (this module's types). The same shape
 *   describes what a server holds (read.ts turns SIDs into names), so plan compares like with like
 *   and export writes a spec back out.
 * - section: `activities`, `task_channels`, `task_queues`, `workflows`, `workers`. A section the
 *   file leaves out is not managed: plan and apply neither change nor delete what it would hold.
 * - identity: how an entry is matched with the server's: `unique_name` for task channels,
 *   `friendly_name` for everything else (TaskRouter keeps Activity and Worker names unique; the
 *   file keeps every section's names unique).
 *
 * Fields use the names of TaskRouter's REST responses; `*_activity` and a routing target's `queue`
 * hold names where the API holds SIDs. A field left out takes TaskRouter's default on create and is
 * compared with that default afterwards, except the workspace's `default_activity` /
 * `timeout_activity` and a task channel's `friendly_name`, which are left as they are when not
 * given. A worker's `activity` is its activity when apply creates it; apply never changes the
 * activity of an existing worker (that is the agent's state, not configuration).
 *
 * The `tasklane_*` fields are Tasklane's chores (docs/operations.md), left out = off, with the names
 * the REST responses give them once set; `tasklane_channel_rules` is nested data here (the API
 * carries it as a JSON string).
 */
import type { JsonObject } from "../domain/entities.ts";

export type TaskOrder = "FIFO" | "LIFO";

export type WorkspaceSettings = {
  friendly_name: string;
  event_callback_url?: string | null;
  events_filter?: string | null;
  multi_task_enabled?: boolean;
  prioritize_queue_order?: TaskOrder;
  default_activity?: string;
  timeout_activity?: string;
  tasklane_max_assigned?: number | null;
  tasklane_max_assigned_action?: "flag" | "complete" | "cancel";
  tasklane_channel_rules?: { while: string; block: string[] }[] | null;
};

export type ActivitySpec = {
  friendly_name: string;
  available?: boolean;
};

export type TaskChannelSpec = {
  unique_name: string;
  friendly_name?: string;
  channel_optimized_routing?: boolean;
  tasklane_wrap_up_limit?: number | null;
};

export type TaskQueueSpec = {
  friendly_name: string;
  target_workers?: string;
  max_reserved_workers?: number;
  task_order?: TaskOrder;
  reservation_activity?: string | null;
  assignment_activity?: string | null;
};

export type WorkflowSpec = {
  friendly_name: string;
  /** `{ task_routing: { filters, default_filter } }` with queues named, as nested data. */
  configuration: JsonObject;
  assignment_callback_url?: string | null;
  fallback_assignment_callback_url?: string | null;
  task_reservation_timeout?: number;
};

export type WorkerSpec = {
  friendly_name: string;
  attributes?: JsonObject;
  activity?: string;
  /** Per TaskChannel unique name; a channel left out has TaskRouter's default capacity, 1. */
  channels?: Record<string, { configured_capacity: number }>;
};

export type WorkspaceSpec = {
  workspace: WorkspaceSettings;
  activities?: ActivitySpec[];
  task_channels?: TaskChannelSpec[];
  task_queues?: TaskQueueSpec[];
  workflows?: WorkflowSpec[];
  workers?: WorkerSpec[];
};

export type SectionName = "activities" | "task_channels" | "task_queues" | "workflows" | "workers";
export const SECTIONS: readonly SectionName[] = [
  "activities",
  "task_channels",
  "task_queues",
  "workflows",
  "workers",
];

/** The identity field of an entry of each section. */
export const IDENTITY: Record<SectionName, "friendly_name" | "unique_name"> = {
  activities: "friendly_name",
  task_channels: "unique_name",
  task_queues: "friendly_name",
  workflows: "friendly_name",
  workers: "friendly_name",
};

/** TaskRouter's defaults for fields a file may leave out (compared as if written). */
export const DEFAULTS = {
  workspace: {
    event_callback_url: null,
    events_filter: null,
    multi_task_enabled: true,
    prioritize_queue_order: "FIFO",
    tasklane_max_assigned: null,
    tasklane_max_assigned_action: "flag",
    tasklane_channel_rules: null,
  },
  activities: { available: true },
  task_channels: { channel_optimized_routing: false, tasklane_wrap_up_limit: null },
  task_queues: {
    target_workers: "1==1",
    max_reserved_workers: 1,
    task_order: "FIFO",
    reservation_activity: null,
    assignment_activity: null,
  },
  workflows: {
    assignment_callback_url: null,
    fallback_assignment_callback_url: null,
    task_reservation_timeout: 120,
  },
  workers: { attributes: {}, channels: {} },
} as const;

/**
 * The admin views' resources, as the REST API names them: list key, fields for create and update
 * (TaskRouter's parameter names, so the API's "Invalid parameter X" lands next to field X), list
 * filters and the columns shown.
 */
import type { Json } from "../../api/client.ts";

export type FieldType = "text" | "json" | "number" | "bool" | "select";

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  /** Only on create (the API cannot change it later). */
  createOnly?: boolean;
  /** Only on update. */
  updateOnly?: boolean;
  required?: boolean;
  options?: readonly string[];
  /** The field of the resource's JSON that holds the current value. */
  from: string;
  help?: string;
}

export interface ResourceSpec {
  path: string;
  title: string;
  singular: string;
  collection: string;
  key: string;
  fields: FieldSpec[];
  filters: Array<{ name: string; label: string; options?: readonly string[] }>;
  columns: Array<{ label: string; value: (item: Json) => string }>;
  canCreate: boolean;
  /** The `resource_type` of the events that change this list (it reloads on them). */
  eventResource: string;
}

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const name = { label: "Name", value: (i: Json) => text(i.friendly_name) };

export const RESOURCES: ResourceSpec[] = [
  {
    path: "activities",
    eventResource: "Activity",
    title: "Activities",
    singular: "activity",
    collection: "Activities",
    key: "activities",
    canCreate: true,
    fields: [
      { name: "FriendlyName", label: "Friendly name", type: "text", required: true, from: "friendly_name" },
      { name: "Available", label: "Available", type: "bool", createOnly: true, from: "available" },
    ],
    filters: [
      { name: "FriendlyName", label: "Friendly name" },
      { name: "Available", label: "Available", options: ["", "true", "false"] },
    ],
    columns: [name, { label: "Available", value: (i) => (i.available ? "yes" : "no") }],
  },
  {
    path: "task-channels",
    eventResource: "TaskChannel",
    title: "Task channels",
    singular: "task channel",
    collection: "TaskChannels",
    key: "channels",
    canCreate: true,
    fields: [
      { name: "FriendlyName", label: "Friendly name", type: "text", required: true, from: "friendly_name" },
      {
        name: "UniqueName",
        label: "Unique name",
        type: "text",
        required: true,
        createOnly: true,
        from: "unique_name",
      },
      {
        name: "ChannelOptimizedRouting",
        label: "Channel optimized routing",
        type: "bool",
        from: "channel_optimized_routing",
      },
    ],
    filters: [],
    columns: [name, { label: "Unique name", value: (i) => text(i.unique_name) }],
  },
  {
    path: "queues",
    eventResource: "TaskQueue",
    title: "Queues",
    singular: "queue",
    collection: "TaskQueues",
    key: "task_queues",
    canCreate: true,
    fields: [
      { name: "FriendlyName", label: "Friendly name", type: "text", required: true, from: "friendly_name" },
      {
        name: "TargetWorkers",
        label: "Target workers",
        type: "text",
        from: "target_workers",
        help: 'An expression over worker attributes, e.g. skills HAS "support"',
      },
      {
        name: "MaxReservedWorkers",
        label: "Max reserved workers",
        type: "number",
        from: "max_reserved_workers",
      },
      {
        name: "TaskOrder",
        label: "Task order",
        type: "select",
        options: ["", "FIFO", "LIFO"],
        from: "task_order",
      },
      {
        name: "ReservationActivitySid",
        label: "Reservation activity SID",
        type: "text",
        from: "reservation_activity_sid",
      },
      {
        name: "AssignmentActivitySid",
        label: "Assignment activity SID",
        type: "text",
        from: "assignment_activity_sid",
      },
    ],
    filters: [
      { name: "FriendlyName", label: "Friendly name" },
      { name: "EvaluateWorkerAttributes", label: "Queues of a worker with attributes (JSON)" },
    ],
    columns: [
      name,
      { label: "Target workers", value: (i) => text(i.target_workers) },
      { label: "Order", value: (i) => text(i.task_order) },
    ],
  },
  {
    path: "workflows",
    eventResource: "Workflow",
    title: "Workflows",
    singular: "workflow",
    collection: "Workflows",
    key: "workflows",
    canCreate: true,
    fields: [
      { name: "FriendlyName", label: "Friendly name", type: "text", required: true, from: "friendly_name" },
      { name: "Configuration", label: "Configuration", type: "json", required: true, from: "configuration" },
      {
        name: "TaskReservationTimeout",
        label: "Task reservation timeout (s)",
        type: "number",
        from: "task_reservation_timeout",
      },
      {
        name: "AssignmentCallbackUrl",
        label: "Assignment callback URL",
        type: "text",
        from: "assignment_callback_url",
      },
      {
        name: "FallbackAssignmentCallbackUrl",
        label: "Fallback assignment callback URL",
        type: "text",
        from: "fallback_assignment_callback_url",
      },
    ],
    filters: [{ name: "FriendlyName", label: "Friendly name" }],
    columns: [name, { label: "Reservation timeout", value: (i) => `${text(i.task_reservation_timeout)} s` }],
  },
  {
    path: "workers",
    eventResource: "Worker",
    title: "Workers",
    singular: "worker",
    collection: "Workers",
    key: "workers",
    canCreate: true,
    fields: [
      { name: "FriendlyName", label: "Friendly name", type: "text", required: true, from: "friendly_name" },
      { name: "Attributes", label: "Attributes", type: "json", from: "attributes" },
      { name: "ActivitySid", label: "Activity SID", type: "text", from: "activity_sid" },
    ],
    filters: [
      { name: "FriendlyName", label: "Friendly name" },
      { name: "ActivityName", label: "Activity name" },
      { name: "Available", label: "Available", options: ["", "true", "false"] },
      { name: "TargetWorkersExpression", label: "Target workers expression" },
    ],
    columns: [
      name,
      { label: "Activity", value: (i) => text(i.activity_name) },
      { label: "Available", value: (i) => (i.available ? "yes" : "no") },
      { label: "Attributes", value: (i) => text(i.attributes) },
    ],
  },
  {
    path: "tasks",
    eventResource: "Task",
    title: "Tasks",
    singular: "task",
    collection: "Tasks",
    key: "tasks",
    canCreate: true,
    fields: [
      { name: "Attributes", label: "Attributes", type: "json", from: "attributes" },
      { name: "WorkflowSid", label: "Workflow SID", type: "text", createOnly: true, from: "workflow_sid" },
      {
        name: "TaskChannel",
        label: "Task channel",
        type: "text",
        createOnly: true,
        from: "task_channel_unique_name",
      },
      { name: "Priority", label: "Priority", type: "number", from: "priority" },
      { name: "Timeout", label: "Timeout (s)", type: "number", createOnly: true, from: "timeout" },
      {
        name: "AssignmentStatus",
        label: "Assignment status",
        type: "select",
        options: ["", "canceled", "wrapping", "completed"],
        updateOnly: true,
        from: "",
      },
      { name: "Reason", label: "Reason", type: "text", updateOnly: true, from: "" },
    ],
    filters: [
      {
        name: "AssignmentStatus",
        label: "Status",
        options: ["", "pending", "reserved", "assigned", "wrapping", "completed", "canceled"],
      },
      { name: "TaskQueueName", label: "Queue name" },
      { name: "EvaluateTaskAttributes", label: "Attributes match (expression)" },
    ],
    columns: [
      { label: "Status", value: (i) => text(i.assignment_status) },
      { label: "Queue", value: (i) => text(i.task_queue_friendly_name) },
      { label: "Priority", value: (i) => text(i.priority) },
      { label: "Age", value: (i) => `${text(i.age)} s` },
      { label: "Attributes", value: (i) => text(i.attributes) },
    ],
  },
];

/**
 * The JSON Schema of a workspace file (`tasklane schema` prints it). parse.ts validates every file
 * with it, so what an editor checks and what apply accepts are the same rules.
 */

const name = (what: string) => ({
  type: "string",
  minLength: 1,
  maxLength: 64,
  description: what,
});
const nullableUrl = (what: string) => ({
  type: ["string", "null"],
  pattern: "^https?://\\S+$",
  description: what,
});
const activityRef = (what: string) => ({
  type: "string",
  minLength: 1,
  description: `${what} (an Activity's friendly_name)`,
});
const intOrString = { type: ["integer", "string"] };
const choreSeconds = (what: string) => ({
  type: ["integer", "null"],
  minimum: 1,
  maximum: 86400,
  description: `${what} (Tasklane extension, seconds; null or left out: off)`,
});

const target = {
  type: "object",
  description: "A routing step: which queue, for how long, and which of its workers.",
  additionalProperties: false,
  properties: {
    queue: { type: "string", minLength: 1, description: "A TaskQueue's friendly_name" },
    expression: { type: "string", description: "Target expression: task.* and worker.* keys" },
    priority: intOrString,
    timeout: { ...intOrString, description: "Seconds before the next target (none: the last step)" },
    order_by: { type: "string" },
    skip_if: { type: "string" },
    known_worker_sid: { type: "string" },
    known_worker_friendly_name: { type: "string" },
  },
};

const configuration = {
  type: "object",
  description: "The Workflow's routing document, with queues referred to by name.",
  required: ["task_routing"],
  additionalProperties: false,
  properties: {
    task_routing: {
      type: "object",
      additionalProperties: false,
      properties: {
        filters: {
          type: "array",
          items: {
            type: "object",
            required: ["expression", "targets"],
            additionalProperties: false,
            properties: {
              filter_friendly_name: { type: "string" },
              expression: { type: "string", minLength: 1, description: "Which tasks this filter takes" },
              targets: { type: "array", minItems: 1, items: target },
            },
          },
        },
        default_filter: target,
      },
    },
  },
};

const entries = (item: object) => ({ type: "array", items: item });

export const WORKSPACE_FILE_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://tasklane.dev/schema/workspace-file.json",
  title: "Tasklane workspace file",
  description: "One TaskRouter Workspace as configuration: `tasklane plan|apply <file>`.",
  type: "object",
  required: ["workspace"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    workspace: {
      type: "object",
      required: ["friendly_name"],
      additionalProperties: false,
      properties: {
        friendly_name: name("The Workspace's name; apply finds the Workspace by it"),
        event_callback_url: nullableUrl("Where TaskRouter events are POSTed"),
        events_filter: { type: ["string", "null"], description: "Comma-separated event types" },
        multi_task_enabled: { type: "boolean" },
        prioritize_queue_order: { enum: ["FIFO", "LIFO"] },
        default_activity: activityRef("New workers' Activity"),
        timeout_activity: activityRef("Activity of a worker whose reservation timed out"),
        tasklane_max_assigned: choreSeconds("Flag a task still assigned this long after acceptance"),
        tasklane_max_assigned_action: {
          enum: ["flag", "complete", "cancel"],
          description: "What happens to such a task besides task.assigned-overdue (default flag)",
        },
        tasklane_channel_rules: {
          type: ["array", "null"],
          maxItems: 15,
          description: "While a worker holds a task on `while`, no new one on `block` (Tasklane extension)",
          items: {
            type: "object",
            required: ["while", "block"],
            additionalProperties: false,
            properties: {
              while: { type: "string", minLength: 1, description: "A TaskChannel's unique_name" },
              block: {
                type: "array",
                minItems: 1,
                items: { type: "string", minLength: 1 },
                description: "TaskChannel unique_names",
              },
            },
          },
        },
      },
    },
    activities: entries({
      type: "object",
      required: ["friendly_name"],
      additionalProperties: false,
      properties: {
        friendly_name: name("The Activity's name"),
        available: { type: "boolean", description: "Workers in it take tasks (fixed at creation)" },
      },
    }),
    task_channels: entries({
      type: "object",
      required: ["unique_name"],
      additionalProperties: false,
      properties: {
        unique_name: name("The TaskChannel's unique name, e.g. voice"),
        friendly_name: name("Display name (default: unique_name)"),
        channel_optimized_routing: { type: "boolean" },
        tasklane_wrap_up_limit: choreSeconds("Complete a task of this channel wrapping this long"),
      },
    }),
    task_queues: entries({
      type: "object",
      required: ["friendly_name"],
      additionalProperties: false,
      properties: {
        friendly_name: name("The TaskQueue's name; workflows refer to it"),
        target_workers: {
          type: "string",
          minLength: 1,
          description: "Which workers belong (worker attributes only)",
        },
        max_reserved_workers: { type: "integer", minimum: 1, maximum: 50 },
        task_order: { enum: ["FIFO", "LIFO"] },
        reservation_activity: { ...activityRef("Activity of a reserved worker"), type: ["string", "null"] },
        assignment_activity: { ...activityRef("Activity of an assigned worker"), type: ["string", "null"] },
      },
    }),
    workflows: entries({
      type: "object",
      required: ["friendly_name", "configuration"],
      additionalProperties: false,
      properties: {
        friendly_name: name("The Workflow's name"),
        configuration,
        assignment_callback_url: nullableUrl("Assignment callback"),
        fallback_assignment_callback_url: nullableUrl("Used when the assignment callback fails"),
        task_reservation_timeout: { type: "integer", minimum: 1, maximum: 86400 },
      },
    }),
    workers: entries({
      type: "object",
      required: ["friendly_name"],
      additionalProperties: false,
      properties: {
        friendly_name: name("The Worker's name (unique in the Workspace)"),
        attributes: { type: "object", description: "The Worker's attributes, as nested data" },
        activity: activityRef("The Worker's Activity when apply creates it"),
        channels: {
          type: "object",
          description: "Capacity per TaskChannel unique name (default 1)",
          additionalProperties: {
            type: "object",
            required: ["configured_capacity"],
            additionalProperties: false,
            properties: { configured_capacity: { type: "integer", minimum: 0, maximum: 1000 } },
          },
        },
      },
    }),
  },
} as const;

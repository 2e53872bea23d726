/**
 * Parameter limits, one constant each, shared by the wire decoders (src/wire, src/api,
 * src/gateway) and the engine's own checks, so a rule cannot say one thing on REST and another in
 * the core. Values follow TaskRouter's documented limits (reference/twilio_taskrouter_v1.json).
 */

/** Task Priority (and a workflow target's priority and timeout): 0 .. 2^31-1. */
export const MAX_PRIORITY = 2_147_483_647;

/** Attributes documents of tasks and workers: at most 4,096 characters (TaskRouter's limit). */
export const MAX_ATTRIBUTES_LENGTH = 4096;

/** FriendlyName (and a TaskChannel's UniqueName): at most 64 characters. */
export const MAX_FRIENDLY_NAME = 64;

/** Task Timeout (TTL), seconds: 86,400 when not given, at most 1,209,600 (14 days). */
export const DEFAULT_TASK_TIMEOUT = 86_400;
export const MAX_TASK_TIMEOUT = 1_209_600;

/** VirtualStartTime may not be earlier than 1900-01-01T00:00:00Z (epoch ms). */
export const EARLIEST_VIRTUAL_START_TIME = Date.UTC(1900, 0, 1);

/** Workflow TaskReservationTimeout, seconds: 1 .. 86,400. */
export const MAX_RESERVATION_TIMEOUT = 86_400;

/** TaskQueue MaxReservedWorkers: 1 .. 50. */
export const MAX_RESERVED_WORKERS = 50;

/** Workspace disconnect grace (and TASKLANE_DISCONNECT_GRACE_SECONDS), seconds: 0 .. one day. */
export const MAX_DISCONNECT_GRACE_SECONDS = 86_400;

/**
 * The largest WorkerChannel Capacity the wire decoders accept as an integer; the engine then
 * refuses anything over its own channel limit with its own message (src/engine/workers/channels.ts).
 */
export const MAX_CAPACITY_PARAM = 1000;

/**
 * Tasklane chores (docs/operations.md): TasklaneWrapUpLimit and TasklaneMaxAssigned, seconds, 1 ..
 * one day (beyond it TaskRouter's own 24-hour limit system-deletes an assigned task anyway);
 * TasklaneChannelRules: one rule per `while` channel (a workspace holds at most 15 TaskChannels),
 * at most 4,096 characters of JSON.
 */
export const MAX_CHORE_SECONDS = 86_400;
export const MAX_CHANNEL_RULES = 15;
export const MAX_CHANNEL_RULES_LENGTH = 4096;

/**
 * The engine's public surface, shared by the shell (runtime, store, API). The implementation is
 * `WorkspaceEngine` in workspace-engine.ts; nothing outside src/engine reaches into its internals.
 */
import type {
  Activity,
  EntityByKind,
  EntityKind,
  Reservation,
  Task,
  TaskChannel,
  TaskOrder,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from "../domain/entities.ts";
import type { SidSource } from "../domain/sid.ts";
import type { CommandResults, CommandType, TypedCommand, WorkspaceChores } from "./commands.ts";
import type { Outcome } from "./outcome.ts";
import type { RealTimeStatistics } from "./stats/figures.ts";

export interface EngineConfig {
  /** How long completed/canceled tasks stay readable before removal. TaskRouter: 5 minutes. */
  terminalTaskRetentionMs: number;
  /** How long an assigned task may live before `task.system-deleted`. TaskRouter: 24 hours. */
  assignedTaskLifetimeMs: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  terminalTaskRetentionMs: 5 * 60_000,
  assignedTaskLifetimeMs: 24 * 3_600_000,
};

export interface EngineDeps {
  accountSid: string;
  sids: SidSource;
  config: EngineConfig;
}

export interface CreateWorkspaceParams {
  friendlyName: string;
  eventCallbackUrl?: string | null;
  eventsFilter?: string | null;
  multiTaskEnabled?: boolean;
  template?: "NONE" | "FIFO";
  prioritizeQueueOrder?: TaskOrder;
  /** Tasklane chores, applied once the default channels exist (chores/settings.ts). */
  chores?: WorkspaceChores;
}

/** Every entity of one workspace: what the store saves and what a restart restores from. */
export interface WorkspaceSnapshot {
  workspace: Workspace;
  activities: Activity[];
  taskChannels: TaskChannel[];
  workers: Worker[];
  workerChannels: WorkerChannel[];
  taskQueues: TaskQueue[];
  workflows: Workflow[];
  tasks: Task[];
  reservations: Reservation[];
}

/** Derived, per-channel figures of a WorkerChannel. */
export interface WorkerChannelState {
  /** Reservations in accepted or wrapping on this channel. */
  assignedTasks: number;
  /** floor((1 - (pending+accepted+wrapping)/configured_capacity) * 100), 0 when capacity is 0. */
  availableCapacityPercentage: number;
  /** The channel is enabled and has free capacity and the worker's activity is available. */
  available: boolean;
}

/** Read-only access to a workspace's current state. Reads never wait behind writes. */
export interface WorkspaceView {
  readonly workspace: Workspace;
  entity<K extends EntityKind>(kind: K, sid: string): EntityByKind[K] | undefined;
  activities(): Iterable<Activity>;
  activity(sid: string): Activity | undefined;
  taskChannels(): Iterable<TaskChannel>;
  /** By TC SID or unique name. */
  taskChannel(sidOrUniqueName: string): TaskChannel | undefined;
  workers(): Iterable<Worker>;
  worker(sid: string): Worker | undefined;
  workerChannels(workerSid: string): WorkerChannel[];
  /** By WC SID, TC SID or unique name. */
  workerChannel(workerSid: string, sidOrChannel: string): WorkerChannel | undefined;
  workerChannelState(channel: WorkerChannel): WorkerChannelState;
  taskQueues(): Iterable<TaskQueue>;
  taskQueue(sid: string): TaskQueue | undefined;
  /** Workers whose attributes match the queue's TargetWorkers ("eligible"), any activity. */
  queueMembers(queueSid: string): Iterable<Worker>;
  /** Queues a worker is a member of. */
  queuesOfWorker(workerSid: string): Iterable<TaskQueue>;
  workflows(): Iterable<Workflow>;
  workflow(sid: string): Workflow | undefined;
  tasks(): Iterable<Task>;
  task(sid: string): Task | undefined;
  reservation(sid: string): Reservation | undefined;
  reservationsOfTask(taskSid: string): Reservation[];
  reservationsOfWorker(workerSid: string): Reservation[];
  /**
   * Real-time statistics maintained incrementally (src/engine/stats); a read costs the same for 10
   * or 100,000 workers. Optional so that test fakes of the engine may leave it out.
   */
  statistics?(): RealTimeStatistics;
}

/**
 * The contract WorkspaceEngine implements (documented here so the shell can be written against it):
 *
 *   static create(deps, params: CreateWorkspaceParams, now): { engine, outcome }   // new workspace with
 *       TaskRouter's defaults; outcome.changed lists every created entity
 *   static restore(deps, snapshot: WorkspaceSnapshot, now): WorkspaceEngine        // rebuild indexes and
 *       timers from persisted entities (timers already due fire on the next tick); takes ownership
 *       of the snapshot's objects, so pass a fresh one (stores and snapshot() do)
 *   readonly sid: string
 *   readonly view: WorkspaceView
 *   execute(command, now): Outcome<CommandResults[command.type]>                  // throws TaskRouterError
 *   nextWakeAt(): number | null                                                   // earliest timer
 *   snapshot(): WorkspaceSnapshot
 */
export interface WorkspaceEngineApi {
  readonly sid: string;
  readonly view: WorkspaceView;
  execute<T extends CommandType>(command: TypedCommand<T>, now: number): Outcome<CommandResults[T]>;
  nextWakeAt(): number | null;
  snapshot(): WorkspaceSnapshot;
}

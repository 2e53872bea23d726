/**
 * WorkspaceEngine: the pure routing core of one workspace. `(state, command, now) -> outcome`.
 * Deterministic: SIDs come from deps.sids, time only from `now`; no I/O.
 *
 * Each command runs in a Ctx: the handler validates first, then applies (tasks/plan.ts shows the
 * split for task create), then the follow-up work is settled (see context.ts). A refused command
 * changes nothing, and `execute` checks it: a TaskRouterError thrown after any change becomes an
 * EngineFault. Timers are data in the
 * entities; `tick` fires the due ones; `nextWakeAt` tells the shell when to tick next.
 */
import type { Workspace } from "../domain/entities.ts";
import { EngineFault, TaskRouterError } from "../domain/errors.ts";
import { createActivity, deleteActivity, updateActivity } from "./admin/activities.ts";
import { createTaskChannel, deleteTaskChannel, updateTaskChannel } from "./admin/task-channels.ts";
import { createTaskQueue, deleteTaskQueue, updateTaskQueue } from "./admin/task-queues.ts";
import {
  createWorkflow,
  deleteWorkflow,
  reevaluateWorkflowTasks,
  updateWorkflow,
} from "./admin/workflows.ts";
import {
  checkCreateParams,
  populateWorkspace,
  recordDroppedCallbacks,
  updateWorkspace,
} from "./admin/workspace.ts";
import type { CommandMap, CommandResults, CommandType, TypedCommand } from "./commands.ts";
import { Ctx } from "./context.ts";
import {
  type ExplainOptions,
  explainTask,
  type Simulation,
  type SimulationInput,
  simulateWorkflow,
  type TaskExplanation,
} from "./diagnostics/index.ts";
import type { Outcome } from "./outcome.ts";
import { reportCallSetUp } from "./reservations/call-setup.ts";
import { cancelAfterCallbackFailure } from "./reservations/callback-failed.ts";
import { updateReservation } from "./reservations/commands.ts";
import { failUnreservedTask } from "./reservations/reservation-failed.ts";
import { rebuildState } from "./restore.ts";
import { settle } from "./routing/router.ts";
import { WorkspaceState } from "./state/workspace-state.ts";
import { createTask, deleteTask, updateTask } from "./tasks/commands.ts";
import { tick } from "./timers/tick.ts";
import { cancelTransferCommand, createTransfer } from "./transfers/commands.ts";
import type {
  CreateWorkspaceParams,
  EngineDeps,
  WorkspaceEngineApi,
  WorkspaceSnapshot,
  WorkspaceView,
} from "./view.ts";
import { updateWorkerChannel } from "./workers/channels.ts";
import { createWorker, deleteWorker, updateWorker } from "./workers/commands.ts";

/** One handler per command, returning that command's result type (commands.ts, CommandResults). */
type HandlerTable = { [T in CommandType]: (ctx: Ctx, cmd: CommandMap[T]) => CommandResults[T] };

const HANDLERS: HandlerTable = {
  "workspace.update": updateWorkspace,
  "activity.create": createActivity,
  "activity.update": updateActivity,
  "activity.delete": deleteActivity,
  "taskChannel.create": createTaskChannel,
  "taskChannel.update": updateTaskChannel,
  "taskChannel.delete": deleteTaskChannel,
  "worker.create": createWorker,
  "worker.update": updateWorker,
  "worker.delete": deleteWorker,
  "workerChannel.update": updateWorkerChannel,
  "taskQueue.create": createTaskQueue,
  "taskQueue.update": updateTaskQueue,
  "taskQueue.delete": deleteTaskQueue,
  "workflow.create": createWorkflow,
  "workflow.update": updateWorkflow,
  "workflow.delete": deleteWorkflow,
  "workflow.reevaluate": reevaluateWorkflowTasks,
  "task.create": createTask,
  "task.update": updateTask,
  "task.delete": deleteTask,
  "task.reservationFailed": failUnreservedTask,
  "reservation.update": updateReservation,
  "reservation.callbackFailed": cancelAfterCallbackFailure,
  "reservation.callSetUp": reportCallSetUp,
  "workspace.eventCallbacksDropped": recordDroppedCallbacks,
  "transfer.create": createTransfer,
  "transfer.cancel": cancelTransferCommand,
  tick: (ctx) => {
    tick(ctx);
    return null;
  },
};

function dispatch<T extends CommandType>(ctx: Ctx, command: TypedCommand<T>): CommandResults[T] {
  const handler = HANDLERS[command.type];
  return handler(ctx, command);
}

export class WorkspaceEngine implements WorkspaceEngineApi {
  private constructor(
    private readonly deps: EngineDeps,
    private readonly state: WorkspaceState,
  ) {}

  static create(
    deps: EngineDeps,
    params: CreateWorkspaceParams,
    now: number,
  ): { engine: WorkspaceEngine; outcome: Outcome<Workspace> } {
    checkCreateParams(params);
    const workspace: Workspace = {
      sid: deps.sids.next("WS"),
      accountSid: deps.accountSid,
      friendlyName: params.friendlyName,
      eventCallbackUrl: params.eventCallbackUrl ?? null,
      eventsFilter: params.eventsFilter ?? null,
      multiTaskEnabled: params.multiTaskEnabled ?? true,
      defaultActivitySid: "",
      timeoutActivitySid: "",
      prioritizeQueueOrder: params.prioritizeQueueOrder ?? "FIFO",
      dateCreated: now,
      dateUpdated: now,
    };
    const engine = new WorkspaceEngine(deps, new WorkspaceState(workspace));
    const ctx = new Ctx(engine.state, now, deps);
    populateWorkspace(ctx, params);
    settle(ctx);
    const outcome = ctx.outcome(workspace);
    engine.state.commit(outcome.changed, outcome.deleted);
    return { engine, outcome };
  }

  /** Rebuilds from persisted entities; takes ownership of the snapshot's objects (see rebuildState). */
  static restore(deps: EngineDeps, snapshot: WorkspaceSnapshot, _now: number): WorkspaceEngine {
    const state = rebuildState(snapshot);
    return new WorkspaceEngine(deps, state);
  }

  get sid(): string {
    return this.state.workspace.sid;
  }

  get view(): WorkspaceView {
    return this.state;
  }

  /** Work counters (expression evaluations, candidates examined) for tests and benchmarks. */
  get metrics(): Readonly<WorkspaceState["metrics"]> {
    return this.state.metrics;
  }

  execute<T extends CommandType>(command: TypedCommand<T>, now: number): Outcome<CommandResults[T]> {
    const ctx = new Ctx(this.state, now, this.deps);
    const writes = this.state.writeCount;
    let result: CommandResults[T];
    try {
      result = dispatch<T>(ctx, command);
      settle(ctx);
    } catch (error) {
      // A refusal is only a refusal before the first change: validate-then-apply is checked here,
      // not trusted. A TaskRouterError after any change is a bug, reported as an EngineFault (the
      // host then rebuilds the workspace from the store), so memory and disk never drift apart.
      const changed = ctx.hasChanges() || this.state.writeCount !== writes;
      if (error instanceof TaskRouterError && !changed) throw error;
      throw new EngineFault(error, changed);
    }
    const outcome = ctx.outcome(result);
    this.state.commit(outcome.changed, outcome.deleted);
    return outcome;
  }

  /** Why a task is (not) assigned right now; read-only (src/engine/diagnostics). */
  explainTask(taskSid: string, now: number, options?: ExplainOptions): TaskExplanation {
    return explainTask(this.state, taskSid, now, options);
  }

  /** Where a task would go under a workflow configuration; read-only (src/engine/diagnostics). */
  simulateWorkflow(input: SimulationInput, now: number): Simulation {
    return simulateWorkflow(this.state, input, now);
  }

  nextWakeAt(): number | null {
    return this.state.nextWakeAt();
  }

  snapshot(): WorkspaceSnapshot {
    return structuredClone({ workspace: this.state.workspace, ...this.state.entities() });
  }
}

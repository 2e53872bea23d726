/**
 * A tiny stand-in for WorkspaceEngine, implementing the contract in src/engine/view.ts, so the
 * runtime can be tested on its own: it handles workspace.update, activity.create and tick, and lets
 * a test schedule wake-ups directly.
 */
import type { Activity, EntityByKind, EntityKind, Workspace } from "../../src/domain/entities.ts";
import { EngineFault, invalidParameter, notFound } from "../../src/domain/errors.ts";
import type { Command, CommandResults, CommandType, TypedCommand } from "../../src/engine/commands.ts";
import type { Outcome } from "../../src/engine/outcome.ts";
import type {
  CreateWorkspaceParams,
  EngineDeps,
  WorkspaceEngineApi,
  WorkspaceSnapshot,
  WorkspaceView,
} from "../../src/engine/view.ts";
import type { EngineFactory } from "../../src/runtime/ports.ts";

export class FakeEngine implements WorkspaceEngineApi {
  /** Pending wake-ups (epoch ms); a tick at `now` fires the due ones. */
  readonly wakes: number[] = [];
  /** When set, the next execute throws this (a non-TaskRouterError simulates an engine bug). */
  failNext: Error | null = null;
  readonly view: WorkspaceView;

  constructor(
    private readonly state: { workspace: Workspace; activities: Map<string, Activity> },
    private readonly deps: EngineDeps,
  ) {
    this.view = fakeView(state);
  }

  get sid(): string {
    return this.state.workspace.sid;
  }

  execute<T extends CommandType>(command: TypedCommand<T>, now: number): Outcome<CommandResults[T]> {
    // A fake: results are whatever `run` builds, typed by the contract.
    return this.run(command, now) as Outcome<CommandResults[T]>;
  }

  private run(command: Command, now: number): Outcome {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      // Corrupt memory first, as a buggy engine might, to prove the runtime resyncs (unless the
      // fault says it changed nothing, as the real engine reports a bug struck before any change).
      if (!(error instanceof EngineFault && !error.stateChanged))
        this.state.workspace.friendlyName = "corrupted";
      throw error;
    }
    const ws = this.state.workspace;
    switch (command.type) {
      case "workspace.update": {
        if (command.friendlyName === "") throw invalidParameter("FriendlyName", "must not be empty");
        if (command.defaultActivitySid && !this.state.activities.has(command.defaultActivitySid)) {
          throw notFound("Activity", command.defaultActivitySid);
        }
        Object.assign(ws, stripUndefined({ ...command, type: undefined }), { dateUpdated: now });
        return outcome(ws, [{ kind: "workspace", sid: ws.sid }], "workspace.updated", ws.sid, now);
      }
      case "activity.create": {
        const sid = this.deps.sids.next("WA");
        const activity: Activity = {
          sid,
          workspaceSid: ws.sid,
          friendlyName: command.friendlyName,
          available: command.available ?? false,
          dateCreated: now,
          dateUpdated: now,
        };
        this.state.activities.set(sid, activity);
        return outcome(activity, [{ kind: "activity", sid }], "activity.created", sid, now);
      }
      case "tick": {
        const due = this.wakes.filter((at) => at <= now);
        this.wakes.splice(0, this.wakes.length, ...this.wakes.filter((at) => at > now));
        const result = outcome(due, [], "workspace.updated", ws.sid, now);
        result.events = due.map(() => event("workspace.updated", ws.sid, now));
        return result;
      }
      default:
        throw invalidParameter("command", `${command.type} is not supported by the fake engine`);
    }
  }

  nextWakeAt(): number | null {
    return this.wakes.length === 0 ? null : Math.min(...this.wakes);
  }

  snapshot(): WorkspaceSnapshot {
    return structuredClone({
      ...emptySnapshot(this.state.workspace),
      activities: [...this.state.activities.values()],
    });
  }
}

/** A factory that remembers every engine it built, newest last, keyed by workspace SID. */
export function fakeEngineFactory(): EngineFactory & { engines: Map<string, FakeEngine> } {
  const engines = new Map<string, FakeEngine>();
  return {
    engines,
    create(deps: EngineDeps, params: CreateWorkspaceParams, now: number) {
      const sid = deps.sids.next("WS");
      const offline: Activity = {
        sid: deps.sids.next("WA"),
        workspaceSid: sid,
        friendlyName: "Offline",
        available: false,
        dateCreated: now,
        dateUpdated: now,
      };
      const workspace: Workspace = {
        sid,
        accountSid: deps.accountSid,
        friendlyName: params.friendlyName,
        eventCallbackUrl: params.eventCallbackUrl ?? null,
        eventsFilter: params.eventsFilter ?? null,
        multiTaskEnabled: params.multiTaskEnabled ?? true,
        defaultActivitySid: offline.sid,
        timeoutActivitySid: offline.sid,
        prioritizeQueueOrder: params.prioritizeQueueOrder ?? "FIFO",
        dateCreated: now,
        dateUpdated: now,
      };
      const engine = new FakeEngine({ workspace, activities: new Map([[offline.sid, offline]]) }, deps);
      engines.set(sid, engine);
      const result = outcome(
        workspace,
        [
          { kind: "workspace", sid },
          { kind: "activity", sid: offline.sid },
        ],
        "workspace.created",
        sid,
        now,
      );
      return { engine, outcome: result };
    },
    restore(deps: EngineDeps, snapshot: WorkspaceSnapshot) {
      const copy = structuredClone(snapshot);
      const engine = new FakeEngine(
        { workspace: copy.workspace, activities: new Map(copy.activities.map((a) => [a.sid, a])) },
        deps,
      );
      engines.set(copy.workspace.sid, engine);
      return engine;
    },
  };
}

function outcome(
  result: unknown,
  changed: Outcome["changed"],
  type: "workspace.updated" | "workspace.created" | "activity.created",
  sid: string,
  now: number,
): Outcome {
  return { result, changed, deleted: [], events: [event(type, sid, now)], effects: [] };
}

function event(
  eventType: "workspace.updated" | "workspace.created" | "activity.created",
  sid: string,
  now: number,
) {
  const resourceType = eventType === "activity.created" ? ("Activity" as const) : ("Workspace" as const);
  return { eventType, resourceType, resourceSid: sid, description: eventType, timestamp: now, fields: {} };
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function emptySnapshot(workspace: Workspace): WorkspaceSnapshot {
  return {
    workspace,
    activities: [],
    taskChannels: [],
    workers: [],
    workerChannels: [],
    taskQueues: [],
    workflows: [],
    tasks: [],
    reservations: [],
  };
}

function fakeView(state: { workspace: Workspace; activities: Map<string, Activity> }): WorkspaceView {
  return {
    get workspace() {
      return state.workspace;
    },
    entity<K extends EntityKind>(kind: K, sid: string): EntityByKind[K] | undefined {
      if (kind === "workspace" && sid === state.workspace.sid) return state.workspace as EntityByKind[K];
      if (kind === "activity") return state.activities.get(sid) as EntityByKind[K] | undefined;
      return undefined;
    },
    activities: () => state.activities.values(),
    activity: (sid) => state.activities.get(sid),
    taskChannels: () => [],
    taskChannel: () => undefined,
    workers: () => [],
    worker: () => undefined,
    workerChannels: () => [],
    workerChannel: () => undefined,
    workerChannelState: () => ({ assignedTasks: 0, availableCapacityPercentage: 0, available: false }),
    taskQueues: () => [],
    taskQueue: () => undefined,
    queueMembers: () => [],
    queuesOfWorker: () => [],
    workflows: () => [],
    workflow: () => undefined,
    tasks: () => [],
    task: () => undefined,
    reservation: () => undefined,
    reservationsOfTask: () => [],
    reservationsOfWorker: () => [],
  };
}

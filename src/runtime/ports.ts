/**
 * What the runtime needs from the outside, injected by the composition root (src/server.ts) and
 * replaced by fakes in tests.
 */
import type { Clock } from "../domain/clock.ts";
import type { Effect, Outcome } from "../engine/outcome.ts";
import type {
  CreateWorkspaceParams,
  EngineDeps,
  WorkspaceEngineApi,
  WorkspaceSnapshot,
} from "../engine/view.ts";
import type { StoredEvent } from "../store/port.ts";

/** The static side of WorkspaceEngine (see src/engine/view.ts). */
export interface EngineFactory {
  create(
    deps: EngineDeps,
    params: CreateWorkspaceParams,
    now: number,
  ): { engine: WorkspaceEngineApi; outcome: Outcome };
  restore(deps: EngineDeps, snapshot: WorkspaceSnapshot, now: number): WorkspaceEngineApi;
}

/**
 * The clock port as the runtime uses it. A clock that can announce its own jumps (SimulatedClock's
 * `onAdvance`) drives the timers directly; any other clock is followed with one setTimeout.
 */
export interface RuntimeClock extends Clock {
  onAdvance?(listener: (now: number) => void): () => void;
}

/** What one committed command produced, handed to the sink after the commit is durable. */
export interface CommittedBatch {
  accountSid: string;
  workspaceSid: string;
  events: StoredEvent[];
  effects: Effect[];
  /** Event callbacks (outbox entries) were committed with these events; absent: unknown. */
  outboxed?: boolean;
}

/**
 * Where committed events and effects (assignment callbacks) go: event callbacks, websockets and
 * webhook delivery plug in here. `deliver` must not throw and must not block: it is called inside
 * the workspace's writer, after the commit.
 */
export interface EffectSink {
  deliver(batch: CommittedBatch): void;
}

/** The default sink: records nothing, sends nothing. Until a delivery sink is wired, effects are dropped. */
export const discardEffects: EffectSink = { deliver: () => {} };

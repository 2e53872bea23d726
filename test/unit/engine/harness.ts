/** Test harness: one engine, a simulated `now`, sequential SIDs, and short helpers. */

import { SimulatedClock } from "../../../src/domain/clock.ts";
import type { Reservation, Task, Worker } from "../../../src/domain/entities.ts";
import { sequentialSids } from "../../../src/domain/sid.ts";
import type { Command } from "../../../src/engine/commands.ts";
import type { Outcome } from "../../../src/engine/outcome.ts";
import {
  type CreateWorkspaceParams,
  DEFAULT_ENGINE_CONFIG,
  type EngineDeps,
} from "../../../src/engine/view.ts";
import { WorkspaceEngine } from "../../../src/engine/workspace-engine.ts";

export const ACCOUNT = "AC00000000000000000000000000000000";

export class Harness {
  readonly clock = new SimulatedClock();
  readonly deps: EngineDeps = { accountSid: ACCOUNT, sids: sequentialSids(), config: DEFAULT_ENGINE_CONFIG };
  engine: WorkspaceEngine;
  last!: Outcome;
  /** Every event produced since creation. */
  readonly log: Outcome["events"] = [];
  private workflows = 0;

  constructor(params: Partial<CreateWorkspaceParams> = {}) {
    const { engine, outcome } = WorkspaceEngine.create(
      this.deps,
      { friendlyName: "Test", ...params },
      this.clock.now(),
    );
    this.engine = engine;
    this.log.push(...outcome.events);
  }

  get view() {
    return this.engine.view;
  }

  exec(command: Command): Outcome {
    this.last = this.engine.execute(command, this.clock.now());
    this.log.push(...this.last.events);
    return this.last;
  }

  /** Move the clock and fire due timers. */
  advance(seconds: number): Outcome {
    this.clock.advance(seconds * 1000);
    return this.exec({ type: "tick" });
  }

  activity(name: string): string {
    const a = [...this.view.activities()].find((x) => x.friendlyName === name);
    if (!a) throw new Error(`no activity ${name}`);
    return a.sid;
  }

  queue(
    friendlyName: string,
    targetWorkers = "1==1",
    extra: Partial<Extract<Command, { type: "taskQueue.create" }>> = {},
  ): string {
    return (
      this.exec({ type: "taskQueue.create", friendlyName, targetWorkers, ...extra }).result as { sid: string }
    ).sid;
  }

  workflow(
    configuration: unknown,
    extra: Partial<Extract<Command, { type: "workflow.create" }>> = {},
  ): string {
    const config = typeof configuration === "string" ? configuration : JSON.stringify(configuration);
    return (
      this.exec({
        type: "workflow.create",
        friendlyName: `WF ${++this.workflows}`,
        configuration: config,
        ...extra,
      }).result as { sid: string }
    ).sid;
  }

  worker(friendlyName: string, attrs: object = {}, activity = "Available"): string {
    const out = this.exec({
      type: "worker.create",
      friendlyName,
      attributes: JSON.stringify(attrs),
      activitySid: this.activity(activity),
    });
    return (out.result as Worker).sid;
  }

  setActivity(workerSid: string, activity: string, rejectPendingReservations?: boolean): Outcome {
    return this.exec({
      type: "worker.update",
      sid: workerSid,
      activitySid: this.activity(activity),
      rejectPendingReservations,
    });
  }

  task(attrs: object = {}, extra: Partial<Extract<Command, { type: "task.create" }>> = {}): string {
    return (this.exec({ type: "task.create", attributes: JSON.stringify(attrs), ...extra }).result as Task)
      .sid;
  }

  reservations(taskSid: string): Reservation[] {
    return this.view.reservationsOfTask(taskSid);
  }

  pending(taskSid: string): Reservation[] {
    return this.reservations(taskSid).filter((r) => r.reservationStatus === "pending");
  }

  /** Worker SID holding the single pending reservation of the task (throws otherwise). */
  reservedWorker(taskSid: string): string {
    const p = this.pending(taskSid);
    if (p.length !== 1) throw new Error(`expected one pending reservation, got ${p.length}`);
    return (p[0] as Reservation).workerSid;
  }

  accept(res: Reservation | string): Outcome {
    const sid = typeof res === "string" ? res : res.sid;
    return this.exec({ type: "reservation.update", sid, reservationStatus: "accepted" });
  }

  taskOf(sid: string): Task {
    const t = this.view.task(sid);
    if (!t) throw new Error(`no task ${sid}`);
    return t;
  }

  queueOfTask(sid: string): string | null {
    return this.taskOf(sid).taskQueueSid;
  }

  types(outcome: Outcome = this.last): string[] {
    return outcome.events.map((e) => e.eventType);
  }
}

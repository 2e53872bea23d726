/**
 * Driving routing decisions through WorkspaceEngine.execute. A decision = a task.create command
 * that ends with a reservation made (`reservation.created` in its outcome). Each round creates a
 * batch of tasks (timed: only the task.create calls), then, untimed, accepts, completes and deletes
 * them so the same workers are free again and the workload is sustained round after round.
 */
import type { Task } from "../../src/domain/entities.ts";
import type { BruteForceRouter } from "../reference/brute-force-router.ts";
import type { BuiltWorkspace } from "./build-engine.ts";
import type { WorkloadSpec } from "./routing-workload.ts";

export interface RoundResult {
  tasks: number;
  decisions: number;
  seconds: number;
  /** CPU time of the process over the timed calls (user + system), µs: less noisy on a busy machine. */
  cpuMicros: number;
}

export class DecisionDriver {
  private readonly taskJson: string[];
  private cursor = 0;

  constructor(
    private readonly built: BuiltWorkspace,
    spec: WorkloadSpec,
  ) {
    this.taskJson = spec.tasks.map((t) => JSON.stringify(t));
  }

  get now(): number {
    return this.built.now;
  }

  private nextAttributes(): string {
    const json = this.taskJson[this.cursor++ % this.taskJson.length];
    return json as string;
  }

  /** One task.create; returns the task SID and the reservation SID when one was made. */
  createOne(): { task: string; reservation: string | null } {
    const { engine, workflowSid } = this.built;
    const out = engine.execute(
      { type: "task.create", attributes: this.nextAttributes(), workflowSid },
      this.built.now++,
    );
    const created = out.events.find((e) => e.eventType === "reservation.created");
    return { task: (out.result as Task).sid, reservation: created ? created.resourceSid : null };
  }

  /** Accept + complete + delete (or just delete when no reservation was made). */
  finish(item: { task: string; reservation: string | null }): void {
    const { engine } = this.built;
    if (item.reservation) {
      engine.execute(
        { type: "reservation.update", sid: item.reservation, reservationStatus: "accepted" },
        this.built.now++,
      );
      engine.execute(
        { type: "task.update", sid: item.task, assignmentStatus: "completed", reason: "done" },
        this.built.now++,
      );
    }
    engine.execute({ type: "task.delete", sid: item.task }, this.built.now++);
  }

  round(batch: number): RoundResult {
    const made: { task: string; reservation: string | null }[] = new Array(batch);
    let decisions = 0;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      const item = this.createOne();
      if (item.reservation) decisions++;
      made[i] = item;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    for (const item of made) this.finish(item);
    return { tasks: batch, decisions, seconds, cpuMicros: used.user + used.system };
  }

  /**
   * Median over rounds of decisions per second (after `warmup` untimed rounds), and the median CPU
   * time per task.create in µs.
   */
  rate(
    batch: number,
    rounds: number,
    warmup = 2,
  ): { perSecond: number; decisionShare: number; cpuMicrosPerTask: number } {
    for (let i = 0; i < warmup; i++) this.round(batch);
    const rates: number[] = [];
    const cpu: number[] = [];
    let decisions = 0;
    let tasks = 0;
    for (let i = 0; i < rounds; i++) {
      const r = this.round(batch);
      rates.push(r.decisions / r.seconds);
      cpu.push(r.cpuMicros / r.tasks);
      decisions += r.decisions;
      tasks += r.tasks;
    }
    rates.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return {
      perSecond: rates[Math.floor(rates.length / 2)] ?? 0,
      decisionShare: decisions / tasks,
      cpuMicrosPerTask: cpu[Math.floor(cpu.length / 2)] ?? 0,
    };
  }

  /**
   * Checks the engine against the brute-force router on `n` tasks: before each task.create the
   * reference decides from the engine's current state; the engine's reservation must go to the same
   * worker (or neither finds one). Returns the number of disagreements.
   */
  agreement(reference: BruteForceRouter, n: number): number {
    let disagreements = 0;
    const start = this.cursor;
    for (let i = 0; i < n; i++) {
      reference.syncFrom(this.built.engine.view, "default");
      const expected = reference.decide(
        JSON.parse(this.taskJson[(start + i) % this.taskJson.length] as string),
      );
      const item = this.createOne();
      const got = item.reservation ? this.built.engine.view.reservation(item.reservation)?.workerSid : null;
      if ((expected?.sid ?? null) !== (got ?? null)) disagreements++;
      this.finish(item);
    }
    return disagreements;
  }
}

/** Reference decisions per second on the state the reference last synced (no state changes). */
export function referenceRate(
  reference: BruteForceRouter,
  spec: WorkloadSpec,
  n: number,
  rounds: number,
): number {
  const rates: number[] = [];
  let found = 0;
  for (let r = 0; r < rounds + 1; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++)
      if (reference.decide(spec.tasks[(r * n + i) % spec.tasks.length] ?? {})) found++;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r > 0) rates.push(n / seconds);
  }
  if (found === 0) throw new Error("the reference router found no worker for any task");
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

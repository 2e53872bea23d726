/**
 * What the state keeps per worker, behind one reference: the worker, its WorkerChannels by task
 * channel, its reservations, the ones that hold capacity, and its slot in the available index.
 *
 * These used to be four maps keyed by worker SID (plus the index's slot map). Routing picks the
 * worker idle longest, so its entries were the coldest memory of the workspace and every lookup a
 * cache miss; now a reservation looks the worker up once (docs/performance.md, engine).
 * Only WorkspaceState (workspace-state.ts) changes a record; the engine reads it through
 * WorkspaceReads' read methods.
 */
import type { Reservation, Worker, WorkerChannel } from "../../domain/entities.ts";
import type { WorkerSlot } from "./available-index.ts";

export class WorkerRecord {
  /** Task channel SID -> the worker's WorkerChannel on it. */
  readonly channels = new Map<string, WorkerChannel>();
  /**
   * Its pending/accepted/wrapping reservations (they hold capacity), oldest first: the objects, so
   * counting them per channel looks nothing up. A handful at most, so an array.
   */
  readonly active: Reservation[] = [];
  /** SIDs of all its reservations, oldest first. */
  reservations: string[] = [];

  constructor(
    readonly worker: Worker,
    /** Its slot in the available index (the same object for the worker's whole life). */
    readonly slot: WorkerSlot,
  ) {}

  /** The reservation holds capacity (again): counted once. */
  hold(res: Reservation): void {
    if (!this.active.includes(res)) this.active.push(res);
  }

  /** The reservation no longer holds capacity; returns whether it did. */
  release(res: Reservation): boolean {
    const i = this.active.indexOf(res);
    if (i < 0) return false;
    this.active.splice(i, 1);
    return true;
  }
}

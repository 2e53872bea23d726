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
import type { Worker, WorkerChannel } from "../../domain/entities.ts";
import type { WorkerSlot } from "./available-index.ts";

export class WorkerRecord {
  /** Task channel SID -> the worker's WorkerChannel on it. */
  readonly channels = new Map<string, WorkerChannel>();
  /** SIDs of its pending/accepted/wrapping reservations (they hold capacity). */
  readonly active = new Set<string>();
  /** SIDs of all its reservations, oldest first. */
  reservations: string[] = [];

  constructor(
    readonly worker: Worker,
    /** Its slot in the available index (the same object for the worker's whole life). */
    readonly slot: WorkerSlot,
  ) {}
}

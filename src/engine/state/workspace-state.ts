/**
 * The in-memory state of one workspace: entities by SID, the lookups every command needs (names,
 * per-task and per-worker reservations, the active reservations that hold capacity) and the routing
 * indexes (routing-indexes.ts).
 *
 * The maps (workspace-reads.ts) are protected: the engine reads them through read-only views and
 * changes them only through the entity operations below (putTask, setTaskStatus, addReservation, setWorkerActivity, ...). Each
 * operation keeps the routing indexes in step itself (index-sync.ts), so no handler or machine can
 * forget to: the index inputs are a task's status, queue, channel, priority, virtual start time,
 * routing position, deleteAt and hold; a worker's attributes, activity, idle key, channels and
 * active reservations; a queue's TargetWorkers, order and MaxReservedWorkers. Fields that feed no
 * index (names, reasons, instructions, counters) are written by the engine directly.
 * The real-time statistics (src/engine/stats) are brought in line with the entities a command
 * touched by `commit`, once per command.
 *
 * Status fields have one more rule: only the state machines (src/engine/machines) call the status
 * operations, after asserting their transition table.
 */
import type {
  Activity,
  ChannelRule,
  EntityRef,
  JsonObject,
  MaxAssignedAction,
  Reservation,
  ReservationStatus,
  RoutingPosition,
  Task,
  TaskChannel,
  TaskOrder,
  TaskQueue,
  TaskStatus,
  Worker,
  WorkerChannel,
  Workflow,
} from "../../domain/entities.ts";
import type { CompiledExpression } from "../../expression/index.ts";
import type { WorkspaceSnapshot } from "../view.ts";
import type { WorkflowConfig } from "../workflow/config.ts";
import {
  bindQueue,
  bindWorker,
  queueOrderKey,
  refreshWorker,
  refreshWorkerChannel,
  syncTask,
} from "./index-sync.ts";
import { getOrCreate } from "./queue-membership.ts";
import type { TimerEntry } from "./timer-queue.ts";
import { WorkerRecord } from "./worker-record.ts";
import { ACTIVE_RESERVATION, WorkspaceReads } from "./workspace-reads.ts";

export { ACTIVE_RESERVATION, type RoutingReads } from "./workspace-reads.ts";

/** A task.update change: each field given is applied, then the task is re-filed once. */
export interface TaskChange {
  attributes?: { raw: string; parsed: JsonObject } | undefined;
  priority?: number | undefined;
  channel?: TaskChannel | undefined;
  virtualStartTime?: number | undefined;
}

export class WorkspaceState extends WorkspaceReads {
  // ---- timers ----------------------------------------------------------------------------------

  /** The earliest timer due at `now`, taken off the queue (tick), or undefined. */
  takeDueTimer(now: number): TimerEntry | undefined {
    return this.ix.timers.takeDue(now);
  }
  nextWakeAt(): number | null {
    return this.ix.timers.peek()?.at ?? null;
  }

  /** After a command: the real-time statistics follow the entities it touched. */
  commit(changed: readonly EntityRef[], deleted: readonly EntityRef[]): void {
    this.stats.apply(changed, deleted);
  }

  // ---- workspace, activities, channels ---------------------------------------------------------

  /** MultiTaskEnabled false -> true (never back): every worker's capacity is looked at again. */
  enableMultiTasking(): void {
    this.writes++;
    this.workspace.multiTaskEnabled = true;
    for (const rec of this.records.values()) refreshWorker(this, this.ix, rec);
  }
  /**
   * The Tasklane chores' workspace settings (engine/chores/settings.ts checks them): a changed
   * maximum re-arms every task's overdue timer; changed rules re-file every worker.
   */
  setChoreSettings(change: {
    maxAssignedSeconds?: number | null;
    maxAssignedAction?: MaxAssignedAction | null;
    channelRules?: ChannelRule[] | null;
  }): void {
    const ws = this.workspace;
    if (change.maxAssignedAction !== undefined) ws.maxAssignedAction = change.maxAssignedAction;
    const max = change.maxAssignedSeconds;
    if (max !== undefined && max !== (ws.maxAssignedSeconds ?? null)) {
      ws.maxAssignedSeconds = max;
      for (const task of this.taskMap.values()) syncTask(this, this.ix, task);
    }
    if (change.channelRules !== undefined) {
      ws.channelRules = change.channelRules;
      for (const rec of this.records.values()) refreshWorker(this, this.ix, rec);
    }
  }
  putActivity(activity: Activity): void {
    this.writes++;
    this.activityMap.set(activity.sid, activity);
  }
  removeActivity(sid: string): void {
    this.writes++;
    this.activityMap.delete(sid);
  }
  putTaskChannel(channel: TaskChannel): void {
    this.writes++;
    this.channelMap.set(channel.sid, channel);
    this.channelByName.set(channel.uniqueName, channel);
  }
  /** TasklaneWrapUpLimit: the channel's wrapping tasks count against the new limit (from their wrap-up start). */
  setWrapUpLimit(channel: TaskChannel, seconds: number | null): void {
    channel.wrapUpLimitSeconds = seconds;
    for (const task of this.taskMap.values())
      if (task.taskChannelSid === channel.sid) syncTask(this, this.ix, task);
  }
  /** Removes the channel and every worker's WorkerChannel on it; returns those WorkerChannels' SIDs. */
  removeTaskChannel(channel: TaskChannel): string[] {
    this.writes++;
    const removed: string[] = [];
    for (const rec of this.records.values()) {
      const wc = rec.channels.get(channel.sid);
      if (!wc) continue;
      rec.channels.delete(channel.sid);
      this.workerChannelMap.delete(wc.sid);
      removed.push(wc.sid);
    }
    this.ix.available.dropChannel(channel.sid);
    this.channelMap.delete(channel.sid);
    this.channelByName.delete(channel.uniqueName);
    return removed;
  }

  // ---- workers and their channels --------------------------------------------------------------

  /** A new worker: it joins the queues whose TargetWorkers it matches. */
  putWorker(worker: Worker): void {
    this.writes++;
    this.workerMap.set(worker.sid, worker);
    this.workerNames.set(worker.friendlyName.toLowerCase(), worker.sid);
    bindWorker(this, this.ix, this.newRecord(worker));
  }
  /** The worker's record, made once when the worker arrives (put or restored). */
  private newRecord(worker: Worker): WorkerRecord {
    const slot = this.ix.available.slot(worker.sid);
    slot.worker = worker;
    const rec = new WorkerRecord(worker, slot);
    this.records.set(worker.sid, rec);
    return rec;
  }
  /** The record of a worker of this workspace (the entity operations are only given those). */
  private recordOf(workerSid: string): WorkerRecord | undefined {
    return this.records.get(workerSid);
  }
  renameWorker(worker: Worker, name: string): void {
    this.writes++;
    this.workerNames.delete(worker.friendlyName.toLowerCase());
    this.workerNames.set(name.toLowerCase(), worker.sid);
    worker.friendlyName = name;
  }
  /** New attributes: the worker's queue membership is evaluated again. */
  setWorkerAttributes(worker: Worker, attributes: string, attrs: JsonObject): void {
    this.writes++;
    worker.attributes = attributes;
    worker.attrs = attrs;
    const rec = this.recordOf(worker.sid);
    if (rec) bindWorker(this, this.ix, rec);
  }
  /** Only machines/worker-activity.ts calls this. */
  setWorkerActivity(worker: Worker, activitySid: string, now: number): void {
    this.writes++;
    this.ix.membership.activityChanged(worker.sid, worker.activitySid, activitySid);
    worker.activitySid = activitySid;
    worker.dateStatusChanged = now;
    const rec = this.recordOf(worker.sid);
    if (rec) refreshWorker(this, this.ix, rec);
  }
  /** The worker got (or accepted) a reservation: its idle key grows. */
  recordAssignment(worker: Worker, now: number): void {
    this.writes++;
    worker.lastAssignedAt = now;
    const rec = this.recordOf(worker.sid);
    if (rec) refreshWorker(this, this.ix, rec);
  }
  /** Removes the worker and its channels; returns the WorkerChannels' SIDs. */
  removeWorker(worker: Worker): string[] {
    this.writes++;
    for (const queueSid of [...this.ix.membership.queuesOf(worker.sid)]) {
      this.ix.membership.remove(queueSid, worker.sid, worker.activitySid);
    }
    this.ix.available.dropWorker(worker.sid);
    const removed: string[] = [];
    for (const wc of this.records.get(worker.sid)?.channels.values() ?? []) {
      this.workerChannelMap.delete(wc.sid);
      removed.push(wc.sid);
    }
    this.records.delete(worker.sid);
    this.workerMap.delete(worker.sid);
    this.workerNames.delete(worker.friendlyName.toLowerCase());
    this.ix.direct.delete(worker.sid);
    return removed;
  }
  putWorkerChannel(wc: WorkerChannel): void {
    this.writes++;
    this.workerChannelMap.set(wc.sid, wc);
    const rec = this.recordOf(wc.workerSid);
    if (!rec) return;
    rec.channels.set(wc.taskChannelSid, wc);
    refreshWorker(this, this.ix, rec);
  }
  setWorkerChannelCapacity(wc: WorkerChannel, capacity: number): void {
    this.writes++;
    wc.configuredCapacity = capacity;
    const rec = this.recordOf(wc.workerSid);
    if (rec) refreshWorker(this, this.ix, rec);
  }
  setWorkerChannelAvailable(wc: WorkerChannel, available: boolean): void {
    this.writes++;
    wc.available = available;
    const rec = this.recordOf(wc.workerSid);
    if (rec) refreshWorker(this, this.ix, rec);
  }

  // ---- queues and workflows --------------------------------------------------------------------

  /** A new queue with its compiled TargetWorkers: every worker is evaluated against it. */
  putQueue(queue: TaskQueue, expr: CompiledExpression): void {
    this.writes++;
    this.queueMap.set(queue.sid, queue);
    this.setQueueExpression(queue, expr);
    bindQueue(this, this.ix, queue);
  }
  setQueueTargetWorkers(queue: TaskQueue, targetWorkers: string, expr: CompiledExpression): void {
    this.writes++;
    queue.targetWorkers = targetWorkers;
    this.setQueueExpression(queue, expr);
    bindQueue(this, this.ix, queue);
  }
  /** FIFO <-> LIFO: the waiting tasks are re-keyed for the new order. */
  setQueueOrder(queue: TaskQueue, order: TaskOrder): void {
    this.writes++;
    queue.taskOrder = order;
    for (const set of this.ix.waiting.get(queue.sid)?.values() ?? []) {
      for (const taskSid of set.toArray()) {
        const task = this.taskMap.get(taskSid);
        if (task) set.upsert(taskSid, queueOrderKey(queue, task));
      }
    }
  }
  /** MaxReservedWorkers changed: the queue's tasks may (no longer) take more reservations. */
  setQueueMaxReserved(queue: TaskQueue, max: number): void {
    this.writes++;
    queue.maxReservedWorkers = max;
    for (const task of this.taskMap.values())
      if (task.taskQueueSid === queue.sid) syncTask(this, this.ix, task);
  }
  removeQueue(queue: TaskQueue): void {
    this.writes++;
    this.ix.dropQueue(queue.sid);
    this.queueMap.delete(queue.sid);
    this.queueExprs.delete(queue.sid);
    this.ix.queueRequirements.delete(queue.sid);
  }
  private setQueueExpression(queue: TaskQueue, expr: CompiledExpression): void {
    this.queueExprs.set(queue.sid, expr);
    this.ix.queueRequirements.set(queue.sid, expr);
  }
  putWorkflow(workflow: Workflow, config: WorkflowConfig | null): void {
    this.writes++;
    this.workflowMap.set(workflow.sid, workflow);
    this.configs.set(workflow.sid, config);
  }
  setWorkflowConfiguration(workflow: Workflow, configuration: string, config: WorkflowConfig): void {
    this.writes++;
    workflow.configuration = configuration;
    this.configs.set(workflow.sid, config);
  }
  removeWorkflow(sid: string): void {
    this.writes++;
    this.workflowMap.delete(sid);
    this.configs.delete(sid);
  }

  // ---- tasks -----------------------------------------------------------------------------------

  putTask(task: Task): void {
    this.writes++;
    this.taskMap.set(task.sid, task);
    syncTask(this, this.ix, task);
  }
  /** Only machines/task.ts calls this. `deleteAt` undefined keeps the removal timer as it is. */
  setTaskStatus(task: Task, status: TaskStatus, deleteAt?: number | null): void {
    this.writes++;
    task.assignmentStatus = status;
    if (deleteAt !== undefined) task.deleteAt = deleteAt;
    syncTask(this, this.ix, task);
  }
  /**
   * Only machines/workflow-step.ts calls this: the task's place in its workflow, the queue it waits
   * in (and since when), and a target's priority override (null keeps the priority).
   * `refile` false: an intermediate position that only an event reports, immediately followed by
   * another setTaskRouting call that re-files the task (the indexes never see it).
   */
  setTaskRouting(
    task: Task,
    routing: RoutingPosition | null,
    queueSid: string | null,
    enteredDate: number | null,
    priority: number | null,
    refile = true,
  ): void {
    this.writes++;
    task.routing = routing;
    task.taskQueueSid = queueSid;
    task.taskQueueEnteredDate = enteredDate;
    if (priority !== null) task.priority = priority;
    if (refile) syncTask(this, this.ix, task);
  }
  /**
   * File the task where its data says (waiting set, direct list, timers), after a setTaskRouting
   * with `refile` false (routing/router.ts enterStep). Changes no entity.
   */
  refileTask(task: Task): void {
    syncTask(this, this.ix, task);
  }
  /** Task update: attributes, priority, channel, virtual start time; re-filed once. */
  updateTask(task: Task, change: TaskChange): void {
    this.writes++;
    if (change.attributes !== undefined) {
      task.attributes = change.attributes.raw;
      task.attrs = change.attributes.parsed;
    }
    if (change.priority !== undefined) task.priority = change.priority;
    if (change.channel !== undefined) {
      task.taskChannelSid = change.channel.sid;
      task.taskChannelUniqueName = change.channel.uniqueName;
    }
    if (change.virtualStartTime !== undefined) task.virtualStartTime = change.virtualStartTime;
    syncTask(this, this.ix, task);
  }
  /** The task got its task.assigned-overdue (engine/chores/fire.ts): once, so its timer ends. */
  markTaskOverdue(task: Task, at: number): void {
    task.overdueAt = at;
    syncTask(this, this.ix, task);
  }
  /** No new reservation for the task before `until` (routing/hold.ts). */
  holdTask(task: Task, until: number): void {
    this.writes++;
    this.ix.holds.set(task.sid, until);
    this.ix.timers.arm("hold", task.sid, until);
    syncTask(this, this.ix, task);
  }
  /** Ends the task's hold if it is the one set for `at`; returns whether it did. */
  releaseHold(taskSid: string, at: number): boolean {
    this.writes++;
    if (this.ix.holds.get(taskSid) !== at) return false;
    this.ix.holds.delete(taskSid);
    this.ix.timers.arm("hold", taskSid, null);
    const task = this.taskMap.get(taskSid);
    if (task) syncTask(this, this.ix, task);
    return true;
  }
  /**
   * Removes the task and every reservation it has (the pending ones must have been ended first).
   * Returns the removed reservations' SIDs and, in order, the workers whose capacity that freed.
   */
  removeTask(task: Task): { reservations: string[]; freedWorkers: string[] } {
    this.writes++;
    const reservations: string[] = [];
    const freedWorkers: string[] = [];
    for (const res of this.reservationsOfTask(task.sid)) {
      const rec = this.recordOf(res.workerSid);
      this.ix.timers.arm("reservation", res.sid, null);
      this.reservationMap.delete(res.sid);
      if (rec) {
        rec.reservations = rec.reservations.filter((sid) => sid !== res.sid);
        if (rec.release(res)) {
          refreshWorkerChannel(this, this.ix, rec, res.taskChannelSid);
          freedWorkers.push(res.workerSid);
        }
      }
      reservations.push(res.sid);
    }
    this.reservationsOf.delete(task.sid);
    this.taskMap.delete(task.sid);
    syncTask(this, this.ix, task);
    return { reservations, freedWorkers };
  }

  // ---- reservations ----------------------------------------------------------------------------

  /**
   * A new pending reservation: it holds the worker's capacity, its timeout is armed, and the
   * worker's idle key grows (recordAssignment folded in: the worker is re-filed once, not twice).
   * `refileTask` false: the caller changes the task's status right after (the task machine's
   * pending -> reserved), which files the task again; it is not re-filed twice.
   */
  addReservation(res: Reservation, worker: Worker, now: number, refileTask = true): void {
    this.writes++;
    this.reservationMap.set(res.sid, res);
    const ofTask = this.reservationsOf.get(res.taskSid);
    if (ofTask) ofTask.push(res.sid);
    else this.reservationsOf.set(res.taskSid, [res.sid]);
    this.ix.timers.arm("reservation", res.sid, res.timeoutAt);
    worker.lastAssignedAt = now;
    const rec = this.recordOf(res.workerSid);
    if (rec) {
      rec.reservations.push(res.sid);
      rec.active.push(res);
      refreshWorkerChannel(this, this.ix, rec, res.taskChannelSid);
    }
    if (!refileTask) return;
    const task = this.taskMap.get(res.taskSid);
    if (task) syncTask(this, this.ix, task);
  }
  /**
   * Only machines/reservation.ts calls this: a pending reservation's timer moves (a call set-up
   * replaces the answer timeout by its own limit, docs/voice.md).
   */
  setReservationTimer(res: Reservation, at: number | null): void {
    this.writes++;
    res.timeoutAt = at;
    this.ix.timers.arm("reservation", res.sid, at);
    // Its task's filing counts a reservation on hold as every slot taken (index-sync.ts).
    const task = this.taskMap.get(res.taskSid);
    if (task) syncTask(this, this.ix, task);
  }
  /**
   * Only machines/reservation.ts calls this. Capacity, the timer (only a pending reservation has
   * one) and the task's filing (it counts pending reservations) follow the status.
   */
  setReservationStatus(res: Reservation, status: ReservationStatus): void {
    this.writes++;
    res.reservationStatus = status;
    res.timeoutAt = null;
    this.ix.timers.arm("reservation", res.sid, null);
    const rec = this.recordOf(res.workerSid);
    if (rec) {
      if (ACTIVE_RESERVATION.has(status)) rec.hold(res);
      else rec.release(res);
      refreshWorkerChannel(this, this.ix, rec, res.taskChannelSid);
    }
    const task = this.taskMap.get(res.taskSid);
    if (task) syncTask(this, this.ix, task);
  }

  // ---- restore ---------------------------------------------------------------------------------

  /**
   * Fill an empty state from persisted entities (restore.ts parses and compiles first), then build
   * every index and timer once. Takes ownership of the objects.
   */
  load(
    snap: WorkspaceSnapshot,
    expressions: ReadonlyMap<string, CompiledExpression>,
    configs: ReadonlyMap<string, WorkflowConfig | null>,
  ): void {
    for (const a of snap.activities) this.putActivity(a);
    for (const c of snap.taskChannels) this.putTaskChannel(c);
    for (const w of snap.workers) {
      this.workerMap.set(w.sid, w);
      this.workerNames.set(w.friendlyName.toLowerCase(), w.sid);
      this.newRecord(w);
    }
    for (const wc of snap.workerChannels) {
      this.recordOf(wc.workerSid)?.channels.set(wc.taskChannelSid, wc);
      this.workerChannelMap.set(wc.sid, wc);
    }
    for (const q of snap.taskQueues) {
      this.queueMap.set(q.sid, q);
      const expr = expressions.get(q.sid);
      if (expr) this.setQueueExpression(q, expr);
    }
    for (const wf of snap.workflows) this.putWorkflow(wf, configs.get(wf.sid) ?? null);
    for (const t of snap.tasks) this.taskMap.set(t.sid, t);
    const byCreation = [...snap.reservations].sort((a, b) => a.dateCreated - b.dateCreated);
    for (const r of byCreation) {
      this.reservationMap.set(r.sid, r);
      getOrCreate(this.reservationsOf, r.taskSid, () => []).push(r.sid);
      const rec = this.recordOf(r.workerSid);
      if (rec) {
        rec.reservations.push(r.sid);
        if (ACTIVE_RESERVATION.has(r.reservationStatus)) rec.active.push(r);
      }
      if (r.reservationStatus === "pending") this.ix.timers.arm("reservation", r.sid, r.timeoutAt);
    }
    for (const rec of this.records.values()) bindWorker(this, this.ix, rec);
    for (const t of this.taskMap.values()) syncTask(this, this.ix, t);
    this.stats.rebuild();
  }
}

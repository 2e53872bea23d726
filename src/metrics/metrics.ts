/**
 * Prometheus metrics (prom-client) for GET /metrics. Three kinds of source:
 *   - read at scrape time from the engines' incrementally kept real-time statistics: tasks by status
 *     per queue and channel, workers by activity, workspaces (a scrape costs queues x channels reads,
 *     not a scan of tasks);
 *   - observed from committed events (the runtime's sink): time to a reservation, wait until
 *     accepted, reservations by outcome, assignment-callback failures;
 *   - observed from the shell: commit latency and group size (the group commit), callback latency
 *     (the webhook client), open worker websockets and feed subscribers, and Node's own (event-loop
 *     delay, memory, GC) from prom-client's default collectors.
 * Names and labels are listed in docs/operations.md.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RealTimeStatistics } from "../engine/stats/figures.ts";
import type { WorkspaceView } from "../engine/view.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { CommittedBatch } from "../runtime/ports.ts";

export interface MetricsSources {
  runtime: AccountRuntime;
  /** Worker websockets open now. */
  openWebsockets: () => number;
  /** Undelivered event callbacks per workspace (capped count) and failures of each queue's head. */
  eventCallbackBacklog: () => Promise<Array<{ workspaceSid: string; entries: number; failures: number }>>;
}

const WAIT_BUCKETS = [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const COMMIT_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
const CALLBACK_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];

const OUTCOMES: Record<string, string> = {
  "reservation.accepted": "accepted",
  "reservation.rejected": "rejected",
  "reservation.timeout": "timeout",
  "reservation.canceled": "canceled",
  "reservation.rescinded": "rescinded",
  "reservation.completed": "completed",
  "reservation.wrapup": "wrapup",
};

export class TasklaneMetrics {
  readonly registry = new Registry();
  private readonly timeToReservation: Histogram;
  private readonly waitUntilAccepted: Histogram;
  private readonly reservations: Counter;
  private readonly callbackFailures: Counter;
  private readonly commitSeconds: Histogram;
  private readonly commitGroupSize: Histogram;
  private readonly callbackSeconds: Histogram;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.timeToReservation = new Histogram({
      name: "tasklane_task_time_to_reservation_seconds",
      help: "Task age when a reservation was created for it",
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.waitUntilAccepted = new Histogram({
      name: "tasklane_task_waiting_seconds",
      help: "Task age when a reservation for it was accepted (time waited in the router)",
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.reservations = new Counter({
      name: "tasklane_reservations_total",
      help: "Reservations that reached an outcome",
      labelNames: ["outcome"],
      registers,
    });
    this.callbackFailures = new Counter({
      name: "tasklane_assignment_callback_failures_total",
      help: "Assignment callbacks that failed (reservation.callback-failed and canceled reservations)",
      registers,
    });
    this.commitSeconds = new Histogram({
      name: "tasklane_commit_duration_seconds",
      help: "Time one group commit spent in the store",
      labelNames: ["result"],
      buckets: COMMIT_BUCKETS,
      registers,
    });
    this.commitGroupSize = new Histogram({
      name: "tasklane_commit_group_writes",
      help: "Writes (applied commands) committed together in one transaction",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.callbackSeconds = new Histogram({
      name: "tasklane_callback_duration_seconds",
      help: "Time until a callback receiver answered (or the call failed)",
      labelNames: ["kind", "result"],
      buckets: CALLBACK_BUCKETS,
      registers,
    });
    this.scrapedGauges(registers);
    sources.runtime.commits.observer = (writes, ms, ok) => {
      this.commitSeconds.observe({ result: ok ? "ok" : "failed" }, ms / 1000);
      this.commitGroupSize.observe(writes);
    };
  }

  /** Callback latency, from the webhook client's observer. */
  callback(kind: "assignment" | "event", durationMs: number, ok: boolean): void {
    this.callbackSeconds.observe({ kind, result: ok ? "ok" : "failed" }, durationMs / 1000);
  }

  /** Committed events (the runtime's sink). */
  observe(batch: CommittedBatch): void {
    for (const event of batch.events) {
      const outcome = OUTCOMES[event.eventType];
      if (outcome !== undefined) this.reservations.inc({ outcome });
      const age = typeof event.fields.TaskAge === "number" ? event.fields.TaskAge : null;
      if (event.eventType === "reservation.created" && age !== null) this.timeToReservation.observe(age);
      if (event.eventType === "reservation.accepted" && age !== null) this.waitUntilAccepted.observe(age);
      if (
        event.eventType === "reservation.callback-failed" ||
        (event.eventType === "reservation.canceled" && event.fields.TasklaneCallbackFailure !== undefined)
      ) {
        this.callbackFailures.inc();
      }
    }
  }

  private scrapedGauges(registers: Registry[]): void {
    const { runtime, openWebsockets, eventCallbackBacklog } = this.sources;
    // One read of the outbox per scrape feeds both gauges (the first collected starts it).
    let reading: Promise<Awaited<ReturnType<typeof eventCallbackBacklog>>> | null = null;
    const backlog = () => {
      reading ??= eventCallbackBacklog().finally(() => {
        setImmediate(() => {
          reading = null;
        });
      });
      return reading;
    };
    const perWorkspace = (
      name: string,
      help: string,
      value: (e: { entries: number; failures: number }) => number,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: ["workspace_sid"],
        registers,
        async collect() {
          this.reset();
          for (const entry of await backlog()) this.set({ workspace_sid: entry.workspaceSid }, value(entry));
        },
      });
    perWorkspace(
      "tasklane_event_callback_backlog",
      "Event callbacks waiting for delivery, per workspace (counted up to 10,000)",
      (e) => e.entries,
    );
    perWorkspace(
      "tasklane_event_callback_head_failures",
      "Consecutive failures of the oldest undelivered event callback, per workspace",
      (e) => e.failures,
    );
    new Gauge({
      name: "tasklane_workspaces",
      help: "Workspaces hosted by this node",
      registers,
      collect() {
        this.set(runtime.workspaces().length);
      },
    });
    new Gauge({
      name: "tasklane_tasks",
      help: "Open tasks by status, per queue and task channel",
      labelNames: ["workspace_sid", "queue", "channel", "status"],
      registers,
      collect() {
        this.reset();
        for (const { view, stats } of statisticsOf(runtime)) {
          const channels = [...view.taskChannels()];
          for (const queue of view.taskQueues()) {
            for (const channel of channels) {
              const figures = stats.tasks({ kind: "queue", sid: queue.sid }, channel.sid);
              if (figures.total === 0) continue;
              for (const [status, count] of Object.entries(figures.byStatus)) {
                this.set(
                  {
                    workspace_sid: view.workspace.sid,
                    queue: queue.friendlyName,
                    channel: channel.uniqueName,
                    status,
                  },
                  count,
                );
              }
            }
          }
        }
      },
    });
    new Gauge({
      name: "tasklane_workers",
      help: "Workers by activity",
      labelNames: ["workspace_sid", "activity"],
      registers,
      collect() {
        this.reset();
        for (const { view, stats } of statisticsOf(runtime)) {
          for (const [activitySid, count] of stats.workersByActivity()) {
            const name = view.activity(activitySid)?.friendlyName ?? activitySid;
            this.set({ workspace_sid: view.workspace.sid, activity: name }, count);
          }
        }
      },
    });
    new Gauge({
      name: "tasklane_pending_writes",
      help: "Applied commands waiting for their commit",
      registers,
      collect() {
        this.set(runtime.commits.size);
      },
    });
    new Gauge({
      name: "tasklane_websockets_open",
      help: "Worker SDK websockets open",
      registers,
      collect() {
        this.set(openWebsockets());
      },
    });
    new Gauge({
      name: "tasklane_feed_subscribers",
      help: "Live subscribers of committed events (event streams and worker-socket feeds)",
      registers,
      collect() {
        this.set(runtime.feed.listenerCount);
      },
    });
  }
}

/** Every hosted workspace with its real-time statistics (engine fakes in tests may have none). */
function* statisticsOf(
  runtime: AccountRuntime,
): Generator<{ view: WorkspaceView; stats: RealTimeStatistics }> {
  for (const host of runtime.workspaces()) {
    const stats = host.view.statistics?.();
    if (stats !== undefined) yield { view: host.view, stats };
  }
}

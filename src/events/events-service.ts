/**
 * Everything that happens to committed events, wired once by the composition root:
 *   planOutbox  -> the runtime commits event callbacks with their events (durable outbox)
 *   sink        -> after each commit: wake the workspace's event-callback worker, start assignment
 *                  callbacks for new reservations
 *   bind        -> where assignment answers go (the runtime's writers), known once the runtime runs
 *   start/stop  -> resume the outbox and retention; abort deliveries at shutdown
 * Both kinds of callback share one WebhookClient (pooled connections, size bound, target policy).
 */
import type { Clock } from "../domain/clock.ts";
import type { Workspace } from "../domain/entities.ts";
import type { Command } from "../engine/commands.ts";
import { afterReplies } from "../runtime/after-replies.ts";
import type { EffectSink } from "../runtime/ports.ts";
import type { PlanOutbox } from "../runtime/workspace-host.ts";
import type { Store } from "../store/port.ts";
import { AssignmentCallbacks } from "./assignment/assignment-callbacks.ts";
import type { EventsConfig } from "./config.ts";
import { type DroppedCallbacks, EventCallbackDelivery } from "./delivery/event-callbacks.ts";
import { WebhookClient } from "./delivery/webhook-client.ts";
import { planEventCallbacks } from "./log/outbox-plan.ts";
import { EventRetention } from "./retention.ts";

/** The part of the runtime the events service needs (AccountRuntime satisfies it). */
export interface CommandTarget {
  workspace(
    sid: string,
  ):
    | { execute(command: Command): Promise<unknown>; readonly view: { readonly workspace: Workspace } }
    | undefined;
}

export interface EventsServiceOptions {
  store: Store;
  clock: Clock;
  authToken: string;
  config: EventsConfig;
  log?: (line: string) => void;
}

export class EventsService {
  readonly planOutbox: PlanOutbox = planEventCallbacks;
  readonly sink: EffectSink;
  readonly eventCallbacks: EventCallbackDelivery;
  readonly assignmentCallbacks: AssignmentCallbacks;
  readonly client: WebhookClient;
  private readonly retention: EventRetention;
  private target: CommandTarget | null = null;
  private readonly bound: Promise<CommandTarget>;
  private resolveBound: (target: CommandTarget) => void = () => {};

  constructor(private readonly options: EventsServiceOptions) {
    const log = options.log ?? ((line: string) => console.error(`[tasklane events] ${line}`));
    this.bound = new Promise((resolve) => {
      this.resolveBound = resolve;
    });
    const { config, clock } = options;
    this.client = new WebhookClient({
      authToken: options.authToken,
      policy: config.targets,
      maxResponseBytes: config.maxResponseBytes,
      maxSocketsPerOrigin: config.maxSocketsPerOrigin,
    });
    this.eventCallbacks = new EventCallbackDelivery({
      store: options.store,
      client: this.client,
      timeoutMs: config.eventCallbackTimeoutMs,
      retryBaseMs: config.retryBaseMs,
      retryMaxMs: config.retryMaxMs,
      maxAgeMs: config.eventCallbackMaxAgeMs,
      now: () => clock.now(),
      settings: (workspaceSid) => this.target?.workspace(workspaceSid)?.view.workspace,
      recordDrop: (workspaceSid, drop) => this.recordDrop(workspaceSid, drop, log),
      log,
    });
    this.assignmentCallbacks = new AssignmentCallbacks({
      client: this.client,
      timeoutMs: config.assignmentTimeoutMs,
      retryBaseMs: config.assignmentRetryBaseMs,
      retryMaxMs: config.assignmentRetryMaxMs,
      now: () => clock.now(),
      execute: (workspaceSid, command) => this.execute(workspaceSid, command),
      log,
    });
    this.retention = new EventRetention(options.store, options.clock, options.config.retentionDays, log);
    this.sink = {
      deliver: (batch) => {
        const callbacks = batch.effects.filter((effect) => effect.type === "assignmentCallback");
        if (batch.events.length === 0 && callbacks.length === 0) return;
        // Sending callbacks waits until the group's replies are out (src/runtime/after-replies.ts).
        afterReplies.run(() => {
          // No outbox query per commit when nothing was queued (issue 11), unless a worker of the
          // workspace is still delivering or backing off (it must see new settings at once).
          if (
            batch.events.length > 0 &&
            (batch.outboxed !== false || this.eventCallbacks.busy(batch.workspaceSid))
          )
            this.eventCallbacks.notify(batch.workspaceSid);
          for (const effect of callbacks) this.assignmentCallbacks.handle(batch.workspaceSid, effect);
        });
      },
    };
  }

  bind(target: CommandTarget): void {
    this.target = target;
    this.resolveBound(target);
  }

  async start(): Promise<void> {
    this.retention.start(this.options.config.pruneIntervalMs);
    await this.eventCallbacks.start();
  }

  /** Resolves when no callback is being delivered (tests). */
  async idle(): Promise<void> {
    await afterReplies.settled();
    await Promise.all([this.eventCallbacks.idle(), this.assignmentCallbacks.idle()]);
  }

  async stop(): Promise<void> {
    this.retention.stop();
    // Both stop flags first, then the requests in flight: their failures must not be acted on.
    const stopped = Promise.all([this.eventCallbacks.stop(), this.assignmentCallbacks.stop()]);
    this.client.stop();
    await stopped;
  }

  private async recordDrop(
    workspaceSid: string,
    drop: DroppedCallbacks,
    log: (line: string) => void,
  ): Promise<void> {
    try {
      await this.execute(workspaceSid, { type: "workspace.eventCallbacksDropped", ...drop });
    } catch (error) {
      log(`event callbacks of ${workspaceSid}: could not record the drop: ${String(error)}`);
    }
  }

  private async execute(workspaceSid: string, command: Command): Promise<unknown> {
    const target = this.target ?? (await this.bound);
    const host = target.workspace(workspaceSid);
    if (host === undefined) throw new Error(`workspace ${workspaceSid} no longer exists`);
    return host.execute(command);
  }
}

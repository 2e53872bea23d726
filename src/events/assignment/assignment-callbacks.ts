/**
 * Assignment callbacks: for every new reservation whose workflow has an assignment_callback_url,
 * POST the engine's parameters (signed like Twilio) and obey the answer.
 *
 *   POST url ──2xx + instruction──> reservation.update {instruction, instructionParams} via the writer
 *       │     └─2xx, no instruction─> nothing (the reservation stays pending)
 *       └─failure (timeout, non-2xx, not JSON, bad JSON, unknown instruction)
 *           └─> reservation.callback-failed event, then POST fallback url, same rules
 *                 ──failure──> reservation.callbackFailed (cancel) with a routing hold for the task
 *                              (backoff.ts: per task and per URL), so the task stays pending in its
 *                              queue and is offered again only when the hold ends
 *
 * Delivery runs outside the workspace's writer: the request is sent after the commit, and its
 * answer comes back as a new command through the writer. Meanwhile the reservation may have been
 * accepted, rejected, timed out or deleted; the engine then refuses the command (or, for
 * callbackFailed, ignores it) and the stale answer is only logged. Each failure is logged; a cancel
 * is also visible as a reservation.canceled event carrying the reasons.
 */
import { TaskRouterError } from "../../domain/errors.ts";
import type { Command } from "../../engine/commands.ts";
import type { AssignmentCallbackEffect } from "../../engine/outcome.ts";
import type { WebhookClient } from "../delivery/webhook-client.ts";
import { AssignmentBackoff } from "./backoff.ts";
import { type AssignmentAnswer, readAssignmentAnswer } from "./instruction.ts";

export type ExecuteCommand = (workspaceSid: string, command: Command) => Promise<unknown>;

export interface AssignmentCallbackOptions {
  client: WebhookClient;
  timeoutMs: number;
  /** Hold after a failure of both URLs: retryBaseMs doubling up to retryMaxMs (backoff.ts). */
  retryBaseMs: number;
  retryMaxMs: number;
  now: () => number;
  /** Runs a command through the workspace's writer. */
  execute: ExecuteCommand;
  log: (line: string) => void;
}

export class AssignmentCallbacks {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly backoff: AssignmentBackoff;

  constructor(private readonly options: AssignmentCallbackOptions) {
    this.backoff = new AssignmentBackoff(options.retryBaseMs, options.retryMaxMs, options.now);
  }

  /** Starts delivery and returns at once; never throws. */
  handle(workspaceSid: string, effect: AssignmentCallbackEffect): void {
    if (this.stopping.signal.aborted) return;
    const job = this.deliver(workspaceSid, effect)
      .catch((error: unknown) =>
        this.options.log(`assignment callback for ${effect.reservationSid}: ${String(error)}`),
      )
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Resolves when no callback is in flight (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.inFlight);
  }

  private async deliver(workspaceSid: string, effect: AssignmentCallbackEffect): Promise<void> {
    const { log } = this.options;
    const reasons: string[] = [];
    for (const [label, url] of [
      ["assignment callback", effect.url],
      ["fallback assignment callback", effect.fallbackUrl],
    ] as const) {
      if (url === null || url === "") continue;
      const answer = await this.ask(url, effect.params);
      if (this.stopping.signal.aborted) return;
      if (answer.kind === "failed") {
        log(`${label} for reservation ${effect.reservationSid} failed: ${answer.reason}`);
        reasons.push(`${label}: ${answer.reason}`);
        if (url === effect.url && effect.fallbackUrl) {
          // Visible in the event log before the fallback is tried (the reservation stays pending).
          await this.apply(workspaceSid, effect, {
            type: "reservation.callbackFailed",
            sid: effect.reservationSid,
            reason: `${label}: ${answer.reason}`,
            cancel: false,
          });
        }
        continue;
      }
      this.backoff.answered(workspaceSid, effect.taskSid, url);
      if (answer.kind === "instruction") {
        await this.apply(workspaceSid, effect, { ...answer.command, sid: effect.reservationSid });
      }
      return;
    }
    const hold = this.backoff.failed(workspaceSid, effect.taskSid, effect.url);
    if (hold.holdMs > 0)
      log(
        `assignment callbacks for task ${effect.taskSid} failed ${hold.taskFailures} time(s) in a row ` +
          `(URL failure level ${hold.urlLevel}): reservation ${effect.reservationSid} canceled, ` +
          `task held back from routing for ${hold.holdMs} ms`,
      );
    await this.apply(workspaceSid, effect, {
      type: "reservation.callbackFailed",
      sid: effect.reservationSid,
      reason: reasons.join("; "),
      retryAfterMs: hold.holdMs,
    });
  }

  private async ask(url: string, params: Record<string, string>): Promise<AssignmentAnswer> {
    const response = await this.options.client.post(url, params, {
      timeoutMs: this.options.timeoutMs,
      readBody: true,
    });
    if (!response.ok) return { kind: "failed", reason: response.reason };
    return readAssignmentAnswer(response.contentType, response.body);
  }

  private async apply(
    workspaceSid: string,
    effect: AssignmentCallbackEffect,
    command: Command,
  ): Promise<void> {
    try {
      const result = await this.options.execute(workspaceSid, command);
      if (command.type === "reservation.callbackFailed" && command.cancel !== false && result === null) {
        log(
          this.options,
          effect,
          "both callbacks failed, but the reservation is no longer pending: left as is",
        );
      }
    } catch (error) {
      // A refused command: the reservation moved on while the receiver answered (accepted by REST,
      // timed out, task canceled), or the instruction was invalid (unknown activity SID).
      const detail = error instanceof TaskRouterError ? error.message : String(error);
      log(this.options, effect, `answer not applied: ${detail}`);
    }
  }
}

function log(options: AssignmentCallbackOptions, effect: AssignmentCallbackEffect, text: string): void {
  options.log(`assignment callback for reservation ${effect.reservationSid}: ${text}`);
}

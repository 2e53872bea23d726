/**
 * How a call runs: fetching and running its TwiML documents, waiting in an <Enqueue>, leaving the
 * queue, hanging up, and what a hang-up ends with it (the other leg of a bridge, conference legs, the
 * task). The interpreter (interpreter.ts) calls back into this through CallControl.
 *
 *   fetchAndRun ──> runDocument ──> runVerbs ──┬─ ended ──> hangup("end of TwiML")
 *        │ (11200)        │ (12100)            ├─ waiting (in a queue): nothing until an instruction,
 *        └──> fail <──────┘                    │   a canceled task, <Leave> or a hang-up
 *             (failed if nothing ran yet,      └─ replaced (Redirect, a newer document): stop
 *              else hangup)
 *
 * `generation` makes a newer document win: every run remembers the generation it started with and
 * stops at its next verb once the call's generation moved on.
 */

import type { Clock } from "../domain/clock.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import { type Call, durationSeconds, isLive, note } from "./call.ts";
import { queueParams, voiceParams } from "./call-params.ts";
import type { CallRegistry } from "./call-registry.ts";
import type { Conferences } from "./conference.ts";
import { type CallControl, type EnqueueVerb, runVerbs } from "./interpreter.ts";
import { parseTwiml } from "./twiml.ts";
import { VoiceError } from "./voice-errors.ts";
import { createVoiceTask, endCallTask } from "./voice-tasks.ts";
import { requestWebhook, resolveUrl } from "./webhook.ts";

export interface CallFlowDeps {
  runtime: AccountRuntime;
  clock: Clock;
  authToken: string;
  calls: CallRegistry;
  conferences: Conferences;
  /** Aborted when the server stops: webhooks in flight end. */
  signal: AbortSignal;
  log(line: string): void;
}

export class CallFlow implements CallControl {
  constructor(private readonly deps: CallFlowDeps) {}

  now(): number {
    return this.deps.clock.now();
  }

  bridge(caller: Call, worker: Call, how: string): void {
    caller.bridgedTo = worker.sid;
    worker.bridgedTo = caller.sid;
    note(caller, this.now(), "connected", { to: worker.to, callSid: worker.sid, via: how });
    note(worker, this.now(), "connected", { to: caller.from, callSid: caller.sid, via: how });
  }

  /**
   * `<Dial><Queue reservationSid>` on a worker's leg: the caller waiting for that reservation's task
   * leaves its queue and is bridged to this leg; a pending reservation is accepted. One already
   * accepted, or on hold while its `call` instruction connects this leg, is taken as it is (Tasklane's
   * `call` instruction accepts once the leg is placed; Twilio would answer 14215 when `accept` was
   * true). Anything else is 14215.
   */
  async dialQueue(leg: Call, reservationSid: string): Promise<void> {
    const invalid = (why: string) =>
      new VoiceError(
        14215,
        `Dial->Queue: Invalid ReservationSid. Unable to dequeue (${reservationSid}: ${why})`,
      );
    const host = this.deps.runtime
      .workspaces(leg.accountSid)
      .find((candidate) => candidate.view.reservation(reservationSid) !== undefined);
    const reservation = host?.view.reservation(reservationSid);
    if (host === undefined || reservation === undefined) throw invalid("no such reservation");
    if (reservation.reservationStatus !== "pending" && reservation.reservationStatus !== "accepted")
      throw invalid(`the reservation is ${reservation.reservationStatus}`);
    const caller = this.deps.calls.waitingFor(reservation.taskSid);
    if (caller === undefined) throw invalid("no call is waiting for its task");
    // On hold, this leg is its `call` instruction's: the set-up's report accepts it once the leg is
    // connected (engine/reservations/call-setup.ts).
    if (reservation.reservationStatus === "pending" && reservation.onHold !== true)
      await host.execute({ type: "reservation.update", sid: reservationSid, reservationStatus: "accepted" });
    await this.leaveQueue(caller, null);
    this.bridge(caller, leg, "Dial Queue");
  }

  async redirect(call: Call, url: string, method: string): Promise<void> {
    await this.fetchAndRun(call, resolveUrl(url, call.url), method);
  }

  /** `onAnswered`: called once the webhook has answered, before its document runs. */
  async fetchAndRun(
    call: Call,
    url: string,
    method: string,
    extra: Record<string, string> = {},
    onAnswered?: () => void,
  ): Promise<void> {
    call.generation++;
    const generation = call.generation;
    let body: string;
    try {
      const target = resolveUrl(url, call.url);
      note(call, this.now(), "webhook", { url: target, method: method.toUpperCase() });
      const answer = await requestWebhook(
        target,
        method,
        { ...voiceParams(call), ...extra },
        this.deps.authToken,
        this.deps.signal,
      );
      body = answer.body;
      if (call.generation !== generation) return;
      call.url = target;
      call.method = method.toUpperCase();
    } catch (error) {
      return this.fail(call, error);
    }
    onAnswered?.();
    await this.runDocument(call, body, call.url, generation);
  }

  async enqueue(call: Call, verb: EnqueueVerb): Promise<void> {
    const { workspaceSid, task } = await createVoiceTask(this.deps.runtime, call, verb);
    call.task = { workspaceSid, taskSid: task.sid };
    call.queue = {
      workspaceSid,
      taskSid: task.sid,
      workflowSid: verb.workflowSid,
      action: verb.action,
      method: verb.method,
      documentUrl: call.url ?? "",
      enteredAt: this.now(),
    };
    note(call, this.now(), "enqueue", {
      workflowSid: verb.workflowSid,
      taskSid: task.sid,
      workspaceSid,
    });
    if (verb.waitUrl !== null) {
      const generation = ++call.generation;
      try {
        const url = resolveUrl(verb.waitUrl, call.url);
        note(call, this.now(), "webhook", { url, method: verb.waitUrlMethod.toUpperCase(), for: "waitUrl" });
        const answer = await requestWebhook(
          url,
          verb.waitUrlMethod,
          { ...voiceParams(call), ...queueParams(call, this.now()) },
          this.deps.authToken,
          this.deps.signal,
        );
        if (call.generation === generation && call.queue !== null)
          await runVerbs(this, call, parseTwiml(answer.body), { waiting: true });
      } catch (error) {
        if (!(error instanceof VoiceError)) throw error;
        note(call, this.now(), "error", { for: "waitUrl", code: error.code, message: error.message });
      }
    }
  }

  /** The call leaves its queue; `result` null = bridged (the action waits until the bridge ends). */
  async leaveQueue(call: Call, result: string | null): Promise<void> {
    const stay = call.queue;
    if (stay === null) return;
    call.queue = null;
    if (result === null) {
      if (stay.action !== null)
        call.afterBridge = { action: stay.action, method: stay.method, documentUrl: stay.documentUrl };
      return;
    }
    note(call, this.now(), "dequeued", { result });
    if (result === "leave") await this.endTask(call, "leave", false);
    if (stay.action !== null && result !== "redirected" && result !== "hangup") {
      await this.fetchAndRun(call, resolveUrl(stay.action, stay.documentUrl), stay.method, {
        QueueResult: result,
        QueueTime: String(Math.round((this.now() - stay.enteredAt) / 1000)),
      });
    }
  }

  async hangup(call: Call, reason: string): Promise<void> {
    if (!isLive(call)) return;
    call.generation++;
    call.status = "completed";
    call.endTime = this.now();
    note(call, this.now(), "completed", { reason, duration: durationSeconds(call) });
    const stay = call.queue;
    if (stay !== null && reason === "caller hung up") {
      call.queue = null;
      if (stay.action !== null) {
        const url = resolveUrl(stay.action, stay.documentUrl);
        await requestWebhook(
          url,
          stay.method,
          { ...voiceParams(call), QueueResult: "hangup" },
          this.deps.authToken,
          this.deps.signal,
        ).catch((error: unknown) =>
          note(call, this.now(), "error", { for: "action", message: String(error) }),
        );
      }
    }
    if (call.task !== null && call.parentCallSid === null) await this.endTask(call, "hangup", true);
    await this.endLinked(call);
    await this.statusCallback(call);
  }

  async runDocument(
    call: Call,
    xml: string,
    url: string | null,
    generation = ++call.generation,
  ): Promise<void> {
    if (call.generation !== generation || !isLive(call)) return;
    if (url === null) call.url = null;
    try {
      const result = await runVerbs(this, call, parseTwiml(xml));
      if (result === "ended" && call.generation === generation) {
        note(call, this.now(), "end of TwiML");
        await this.hangup(call, "end of TwiML");
      }
    } catch (error) {
      await this.fail(call, error);
    }
  }

  private async fail(call: Call, error: unknown): Promise<void> {
    const e = error instanceof VoiceError ? error : new VoiceError(11200, String(error));
    note(call, this.now(), "error", { code: e.code, message: e.message });
    if (
      call.transcript.every(
        (entry) => entry.event !== "say" && entry.event !== "enqueue" && entry.event !== "play",
      )
    ) {
      call.generation++;
      call.status = "failed";
      call.endTime = this.now();
      note(call, this.now(), "failed", { code: e.code });
      await this.statusCallback(call);
      return;
    }
    await this.hangup(call, `error ${e.code}`);
  }

  private async endTask(call: Call, reason: string, wrapAssigned: boolean): Promise<void> {
    if (call.task === null) return;
    await endCallTask(this.deps.runtime, call.task.workspaceSid, call.task.taskSid, reason, {
      wrapAssigned,
    }).catch((error: unknown) =>
      this.deps.log(`call ${call.sid}, task ${call.task?.taskSid}: ${String(error)}`),
    );
  }

  /** Ends the other side of a bridge and, by Twilio's rules, conference legs. */
  private async endLinked(call: Call): Promise<void> {
    const other = call.bridgedTo !== null ? this.deps.calls.get(call.bridgedTo) : undefined;
    if (other !== undefined && isLive(other)) {
      other.bridgedTo = null;
      if (other.afterBridge !== null) {
        const after = other.afterBridge;
        other.afterBridge = null;
        note(other, this.now(), "dequeued", { result: "bridged" });
        await this.fetchAndRun(other, resolveUrl(after.action, after.documentUrl), after.method, {
          QueueResult: "bridged",
        });
      } else {
        await this.hangup(other, "the other party hung up");
      }
    }
    const conference =
      call.conferenceSid !== null ? this.deps.conferences.get(call.conferenceSid) : undefined;
    if (conference !== undefined) {
      for (const sid of this.deps.conferences.leave(conference, call.sid, this.now())) {
        const leg = this.deps.calls.get(sid);
        if (leg !== undefined) await this.hangup(leg, "conference ended");
      }
    }
  }

  private async statusCallback(call: Call): Promise<void> {
    if (call.statusCallback === null) return;
    const params = {
      ...voiceParams(call),
      CallDuration: String(durationSeconds(call)),
      Timestamp: new Date(this.now()).toUTCString(),
    };
    await requestWebhook(
      call.statusCallback,
      call.statusCallbackMethod,
      params,
      this.deps.authToken,
      this.deps.signal,
    ).catch((error: unknown) => this.deps.log(`status callback of ${call.sid}: ${String(error)}`));
  }
}

/**
 * The simulated calls of a server: placing them, running their TwiML, <Enqueue> into TaskRouter,
 * hang-ups, and the assignment instructions that act on them (see instructions.ts).
 *
 * Calls live in memory (a restart forgets them; their tasks stay in the store). Every change to a
 * call happens here; TwiML runs and webhooks are asynchronous, and `idle()` waits for them (tests).
 * The service learns about accepted reservations and canceled tasks through the runtime's effect
 * sink, after they are committed, so instructions given by an assignment callback, by REST or by the
 * worker SDK all reach the call.
 *
 * Hang-up of the caller (TaskRouter's rules for a voice task): a pending or reserved task is canceled
 * (reason "hangup"), an assigned one moves to wrapping; a bridged leg and conference legs end too.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../domain/clock.ts";
import type { Task } from "../domain/entities.ts";
import { TaskRouterError } from "../domain/errors.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { CommittedBatch, EffectSink } from "../runtime/ports.ts";
import { type Call, type CallDirection, durationSeconds, isLive, note } from "./call.ts";
import { callAttributes, voiceParams } from "./call-params.ts";
import { Conferences } from "./conference.ts";
import { applyCallInstruction, type CallOps } from "./instructions.ts";
import { type CallControl, type EnqueueVerb, runVerbs } from "./interpreter.ts";
import { parseTwiml } from "./twiml.ts";
import { VoiceError } from "./voice-errors.ts";
import { requestWebhook, resolveUrl } from "./webhook.ts";

export interface PlaceCall {
  accountSid: string;
  to: string;
  from: string;
  direction: CallDirection;
  url?: string;
  method?: string;
  twiml?: string;
  statusCallback?: string;
  statusCallbackMethod?: string;
}

export interface VoiceServiceOptions {
  runtime: AccountRuntime;
  clock: Clock;
  authToken: string;
  log?: (line: string) => void;
}

export class VoiceService implements CallControl, CallOps {
  private readonly calls = new Map<string, Call>();
  readonly conferences = new Conferences();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  readonly sink: EffectSink = { deliver: (batch) => this.onCommitted(batch) };

  constructor(private readonly options: VoiceServiceOptions) {}

  now(): number {
    return this.options.clock.now();
  }

  log(line: string): void {
    (this.options.log ?? ((text: string) => console.error(`[tasklane voice] ${text}`)))(line);
  }

  /** Adds a line to a call's transcript (hold, unhold from the Conferences API). */
  noteOn(call: Call, event: string, fields: Record<string, string> = {}): void {
    note(call, this.now(), event, fields);
  }

  call(sid: string): Call | undefined {
    return this.calls.get(sid);
  }

  list(accountSid: string): Call[] {
    return [...this.calls.values()].filter((c) => c.accountSid === accountSid);
  }

  /** Creates the call and starts its first document; `settled` resolves once that run stops. */
  place(input: PlaceCall): { call: Call; settled: Promise<void> } {
    const call = this.newLeg(input.accountSid, input.to, input.from, input.direction, null);
    call.status = "queued";
    call.statusCallback = input.statusCallback ?? null;
    call.statusCallbackMethod = input.statusCallbackMethod ?? "POST";
    note(call, this.now(), "created", { to: call.to, from: call.from, direction: call.direction });
    const settled = this.track(async () => {
      call.status = "ringing";
      call.startTime = this.now();
      call.status = "in-progress";
      if (input.twiml !== undefined) await this.runDocument(call, input.twiml, null);
      else await this.fetchAndRun(call, input.url ?? "", input.method ?? "POST");
    });
    return { call, settled };
  }

  /** Calls API update: Status=completed|canceled hangs up; Url or Twiml replaces the running document. */
  update(
    call: Call,
    change: { status?: string; url?: string; method?: string; twiml?: string },
  ): Promise<void> {
    return this.track(async () => {
      if (change.status === "completed" || change.status === "canceled") {
        note(call, this.now(), "hangup", { by: "api" });
        await this.hangup(call, "caller hung up");
        return;
      }
      if (!isLive(call)) return;
      if (call.queue !== null) await this.leaveQueue(call, "redirected");
      if (change.twiml !== undefined) await this.runDocument(call, change.twiml, null);
      else if (change.url !== undefined) await this.fetchAndRun(call, change.url, change.method ?? "POST");
    });
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  // --- CallControl (the interpreter) and CallOps (instructions) ---------------------------------

  async redirect(call: Call, url: string, method: string): Promise<void> {
    await this.fetchAndRun(call, resolveUrl(url, call.url), method);
  }

  async fetchAndRun(
    call: Call,
    url: string,
    method: string,
    extra: Record<string, string> = {},
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
        this.options.authToken,
        this.stopping.signal,
      );
      body = answer.body;
      if (call.generation !== generation) return;
      call.url = target;
      call.method = method.toUpperCase();
    } catch (error) {
      return this.fail(call, error);
    }
    await this.runDocument(call, body, call.url, generation);
  }

  async enqueue(call: Call, verb: EnqueueVerb): Promise<void> {
    const host = this.options.runtime
      .workspaces(call.accountSid)
      .find((candidate) => candidate.view.workflow(verb.workflowSid) !== undefined);
    if (host === undefined)
      throw new VoiceError(14220, `Enqueue: Provided Workflow was not a valid sid (${verb.workflowSid})`);
    let own: unknown;
    try {
      own = JSON.parse(verb.taskJson === "" ? "{}" : verb.taskJson);
    } catch {
      throw new VoiceError(
        12200,
        `Schema validation warning: the <Task> of <Enqueue> is not JSON: ${verb.taskJson.slice(0, 80)}`,
      );
    }
    if (own === null || typeof own !== "object" || Array.isArray(own))
      throw new VoiceError(12200, "Schema validation warning: the <Task> of <Enqueue> must be a JSON object");
    const attributes = { ...callAttributes(call), ...(own as Record<string, unknown>) };
    let task: Task;
    try {
      task = await host.execute<Task>({
        type: "task.create",
        workflowSid: verb.workflowSid,
        attributes: JSON.stringify(attributes),
        taskChannel: "voice",
        ...(verb.priority !== undefined ? { priority: verb.priority } : {}),
        ...(verb.timeout !== undefined ? { timeout: verb.timeout } : {}),
      });
    } catch (error) {
      if (error instanceof TaskRouterError) throw new VoiceError(error.code, `Enqueue: ${error.message}`);
      throw error;
    }
    call.task = { workspaceSid: host.sid, taskSid: task.sid };
    call.queue = {
      workspaceSid: host.sid,
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
      workspaceSid: host.sid,
    });
    if (verb.waitUrl !== null) {
      const generation = ++call.generation;
      try {
        const url = resolveUrl(verb.waitUrl, call.url);
        note(call, this.now(), "webhook", { url, method: verb.waitUrlMethod.toUpperCase(), for: "waitUrl" });
        const answer = await requestWebhook(
          url,
          verb.waitUrlMethod,
          { ...voiceParams(call), ...this.queueParams(call) },
          this.options.authToken,
          this.stopping.signal,
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
    if (result === "leave") await this.cancelTask(stay.workspaceSid, stay.taskSid, "leave");
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
          this.options.authToken,
          this.stopping.signal,
        ).catch((error: unknown) =>
          note(call, this.now(), "error", { for: "action", message: String(error) }),
        );
      }
    }
    if (call.task !== null && call.parentCallSid === null)
      await this.taskOnHangup(call.task.workspaceSid, call.task.taskSid);
    await this.endLinked(call);
    await this.statusCallback(call);
  }

  dial(parent: Call, to: string, from: string): Call {
    const leg = this.newLeg(parent.accountSid, to, from, "outbound-api", parent.sid);
    leg.status = "in-progress";
    leg.startTime = this.now();
    note(leg, this.now(), "created", { to, from, direction: leg.direction, parentCallSid: parent.sid });
    note(parent, this.now(), "dial", { to, callSid: leg.sid });
    return leg;
  }

  bridge(caller: Call, worker: Call, how: string): void {
    caller.bridgedTo = worker.sid;
    worker.bridgedTo = caller.sid;
    note(caller, this.now(), "connected", { to: worker.to, callSid: worker.sid, via: how });
    note(worker, this.now(), "connected", { to: caller.from, callSid: caller.sid, via: how });
  }

  conference(
    caller: Call,
    worker: Call,
    options: { endOnCustomerExit: boolean; endOnExit: boolean },
  ): string {
    const conference = this.conferences.create(
      caller.accountSid,
      caller.task?.taskSid ?? caller.sid,
      this.now(),
    );
    const now = this.now();
    this.conferences.join(conference, {
      callSid: caller.sid,
      label: "customer",
      endConferenceOnExit: options.endOnCustomerExit,
      dateCreated: now,
    });
    this.conferences.join(conference, {
      callSid: worker.sid,
      label: "worker",
      endConferenceOnExit: options.endOnExit,
      dateCreated: now,
    });
    for (const leg of [caller, worker]) {
      leg.conferenceSid = conference.sid;
      note(leg, now, "conference", {
        conferenceSid: conference.sid,
        joined: leg === caller ? "customer" : "worker",
      });
    }
    return conference.sid;
  }

  async mergeTaskAttributes(
    workspaceSid: string,
    taskSid: string,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const host = this.options.runtime.workspace(workspaceSid);
    const task = host?.view.task(taskSid);
    if (host === undefined || task === undefined) return;
    const attributes = { ...(JSON.parse(task.attributes) as Record<string, unknown>), ...extra };
    await host.execute({ type: "task.update", sid: taskSid, attributes: JSON.stringify(attributes) });
  }

  // --- internals ----------------------------------------------------------------------------------

  private newLeg(
    accountSid: string,
    to: string,
    from: string,
    direction: CallDirection,
    parent: string | null,
  ): Call {
    const call: Call = {
      sid: `CA${randomBytes(16).toString("hex")}`,
      accountSid,
      from,
      to,
      direction,
      status: "queued",
      url: null,
      method: "POST",
      parentCallSid: parent,
      dateCreated: this.now(),
      startTime: null,
      endTime: null,
      statusCallback: null,
      statusCallbackMethod: "POST",
      transcript: [],
      task: null,
      queue: null,
      bridgedTo: null,
      conferenceSid: null,
      afterBridge: null,
      generation: 0,
    };
    this.calls.set(call.sid, call);
    return call;
  }

  private async runDocument(
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

  private queueParams(call: Call): Record<string, string> {
    const stay = call.queue;
    return stay === null
      ? {}
      : {
          QueueSid: stay.taskSid,
          QueueTime: String(Math.round((this.now() - stay.enteredAt) / 1000)),
          QueuePosition: "1",
        };
  }

  private async taskOnHangup(workspaceSid: string, taskSid: string): Promise<void> {
    const host = this.options.runtime.workspace(workspaceSid);
    const task = host?.view.task(taskSid);
    if (host === undefined || task === undefined) return;
    try {
      if (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved")
        await host.execute({
          type: "task.update",
          sid: taskSid,
          assignmentStatus: "canceled",
          reason: "hangup",
        });
      else if (task.assignmentStatus === "assigned")
        await host.execute({
          type: "task.update",
          sid: taskSid,
          assignmentStatus: "wrapping",
          reason: "hangup",
        });
    } catch (error) {
      this.log(`hang-up of the call of task ${taskSid}: ${String(error)}`);
    }
  }

  private async cancelTask(workspaceSid: string, taskSid: string, reason: string): Promise<void> {
    const host = this.options.runtime.workspace(workspaceSid);
    const task = host?.view.task(taskSid);
    if (host === undefined || task === undefined) return;
    if (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved")
      await host
        .execute({ type: "task.update", sid: taskSid, assignmentStatus: "canceled", reason })
        .catch(() => {});
  }

  /** Ends the other side of a bridge and, by Twilio's rules, conference legs. */
  private async endLinked(call: Call): Promise<void> {
    const other = call.bridgedTo !== null ? this.calls.get(call.bridgedTo) : undefined;
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
    const conference = call.conferenceSid !== null ? this.conferences.get(call.conferenceSid) : undefined;
    if (conference !== undefined) {
      for (const sid of this.conferences.leave(conference, call.sid, this.now())) {
        const leg = this.calls.get(sid);
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
      this.options.authToken,
      this.stopping.signal,
    ).catch((error: unknown) => this.log(`status callback of ${call.sid}: ${String(error)}`));
  }

  private onCommitted(batch: CommittedBatch): void {
    for (const event of batch.events) {
      if (event.eventType === "reservation.accepted") {
        this.track(() => this.onAccepted(batch.workspaceSid, event.resourceSid));
      } else if (event.eventType === "task.canceled") {
        const call = [...this.calls.values()].find((c) => c.queue?.taskSid === event.resourceSid);
        if (call !== undefined) this.track(() => this.leaveQueue(call, "leave"));
      }
    }
  }

  private async onAccepted(workspaceSid: string, reservationSid: string): Promise<void> {
    const view = this.options.runtime.workspace(workspaceSid)?.view;
    const reservation = view?.reservation(reservationSid);
    const task = reservation ? view?.task(reservation.taskSid) : undefined;
    if (view === undefined || reservation === undefined || task === undefined) return;
    await applyCallInstruction(this, workspaceSid, reservation, task, view.worker(reservation.workerSid));
  }

  private track(job: () => Promise<void>): Promise<void> {
    const run = job()
      .catch((error: unknown) =>
        this.log(String(error instanceof Error ? (error.stack ?? error.message) : error)),
      )
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }
}

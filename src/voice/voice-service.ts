/**
 * The simulated calls of a server, as the routes and the runtime see them: placing a call, Calls API
 * updates, and the assignment instructions that act on calls (instructions.ts: legs, bridges,
 * conferences). How a call runs its TwiML, waits in a queue and hangs up is call-flow.ts.
 *
 * Calls live in memory (call-registry.ts; a restart forgets them, their tasks stay in the store).
 * TwiML runs and webhooks are asynchronous; `idle()` waits for them (tests).
 * The service learns about accepted reservations, reservations on hold for their call (the
 * `callSetUp` effect: it connects the worker's leg, then reports `reservation.callSetUp`) and
 * canceled tasks through the runtime's effect sink, after they are committed, so instructions given
 * by an assignment callback, by REST or by the worker SDK all reach the call.
 *
 * Hang-up of the caller (TaskRouter's rules for a voice task): a pending or reserved task is canceled
 * (reason "hangup"), an assigned one moves to wrapping; a bridged leg and conference legs end too.
 */
import type { Clock } from "../domain/clock.ts";
import type { Task } from "../domain/entities.ts";
import { noSimulatedConference, notInConference } from "../domain/errors.ts";
import { needsCallSetUp } from "../engine/reservations/call-setup.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { CommittedBatch, EffectSink } from "../runtime/ports.ts";
import type { StoredEvent } from "../store/port.ts";
import { type Call, type CallDirection, isLive, note } from "./call.ts";
import { CallFlow } from "./call-flow.ts";
import { CallRegistry } from "./call-registry.ts";
import { type Conference, Conferences, type Participant } from "./conference.ts";
import {
  applyCallInstruction,
  type CallOps,
  type CallSetUpFailure,
  callApiError,
  conferenceSidOf,
} from "./instructions.ts";
import { joinSupervisor, type SuperviseOps } from "./supervise.ts";
import { mergeTaskAttributes } from "./voice-tasks.ts";

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

export class VoiceService implements CallOps {
  private readonly calls = new CallRegistry();
  readonly conferences = new Conferences();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  readonly sink: EffectSink = { deliver: (batch) => this.onCommitted(batch) };

  readonly flow: CallFlow;

  constructor(private readonly options: VoiceServiceOptions) {
    this.flow = new CallFlow({
      runtime: options.runtime,
      clock: options.clock,
      authToken: options.authToken,
      calls: this.calls,
      conferences: this.conferences,
      signal: this.stopping.signal,
      log: (line) => this.log(line),
    });
  }

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
    return this.calls.list(accountSid);
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
      if (input.twiml !== undefined) await this.flow.runDocument(call, input.twiml, null);
      else await this.flow.fetchAndRun(call, input.url ?? "", input.method ?? "POST");
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
        await this.flow.hangup(call, "caller hung up");
        return;
      }
      if (!isLive(call)) return;
      if (call.queue !== null) await this.flow.leaveQueue(call, "redirected");
      if (change.twiml !== undefined) await this.flow.runDocument(call, change.twiml, null);
      else if (change.url !== undefined)
        await this.flow.fetchAndRun(call, change.url, change.method ?? "POST");
    });
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  // --- CallOps (instructions.ts) -------------------------------------------------------------------

  fetchAndRun(call: Call, url: string, method: string): Promise<void> {
    return this.flow.fetchAndRun(call, url, method);
  }

  answerLeg(leg: Call, url: string): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.track(() =>
        this.flow.fetchAndRun(leg, url, "POST", {}, () => resolve(true)).finally(() => resolve(false)),
      );
    });
  }

  leaveQueue(call: Call, result: string | null): Promise<void> {
    return this.flow.leaveQueue(call, result);
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
    this.flow.bridge(caller, worker, how);
  }

  conference(
    caller: Call,
    worker: Call,
    options: { endOnCustomerExit: boolean; endOnExit: boolean; workerSid: string },
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
      workerSid: null,
      endConferenceOnExit: options.endOnCustomerExit,
      dateCreated: now,
    });
    this.conferences.join(conference, {
      callSid: worker.sid,
      label: "worker",
      workerSid: options.workerSid,
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

  joinConference(sid: string, leg: Call, options: { endOnExit: boolean; workerSid: string }): boolean {
    const conference = this.conferences.get(sid);
    if (conference === undefined || conference.status !== "in-progress") return false;
    const now = this.now();
    this.conferences.join(conference, {
      callSid: leg.sid,
      label: "worker",
      workerSid: options.workerSid,
      endConferenceOnExit: options.endOnExit,
      dateCreated: now,
    });
    leg.conferenceSid = sid;
    note(leg, now, "conference", { conferenceSid: sid, joined: "worker" });
    return true;
  }

  // --- The worker SDK's participant calls (gateway ConferenceControl) -----------------------------

  /** Task.updateParticipant({hold}): the customer's leg in the task's conference. */
  holdCustomer(task: Task, hold: boolean): void {
    const conference = this.conferenceOf(task);
    this.hold(conference, this.participantOf(conference, task, null), hold);
  }

  /** Task.hold(worker, onHold): that worker's leg. */
  holdWorker(task: Task, workerSid: string, hold: boolean): void {
    const conference = this.conferenceOf(task);
    this.hold(conference, this.participantOf(conference, task, workerSid), hold);
  }

  /** Reservation.updateParticipant({mute, endConferenceOnExit}): the worker's own leg. */
  updateWorker(
    task: Task,
    workerSid: string,
    change: { muted?: boolean; endConferenceOnExit?: boolean },
  ): void {
    const participant = this.participantOf(this.conferenceOf(task), task, workerSid);
    if (change.muted !== undefined) participant.muted = change.muted;
    if (change.endConferenceOnExit !== undefined)
      participant.endConferenceOnExit = change.endConferenceOnExit;
  }

  /**
   * Task.kick(worker): that worker's leg leaves (and ends) without ending the conference, and its
   * accepted reservation wraps up: only that reservation while another holds the task (the WARM
   * transferor kicked by the target), else the task with it, as the worker's own
   * `reservation.wrap()` would (docs/voice.md).
   */
  kickWorker(task: Task, workerSid: string): Promise<void> {
    const participant = this.participantOf(this.conferenceOf(task), task, workerSid);
    participant.endConferenceOnExit = false;
    const leg = this.calls.get(participant.callSid);
    return this.track(async () => {
      if (leg !== undefined) await this.flow.hangup(leg, "kicked");
      const host = this.options.runtime.workspace(task.workspaceSid);
      const kicked = host?.view
        .reservationsOfTask(task.sid)
        .find((r) => r.workerSid === workerSid && r.reservationStatus === "accepted");
      if (host !== undefined && kicked !== undefined)
        await host.execute({ type: "reservation.update", sid: kicked.sid, reservationStatus: "wrapping" });
    });
  }

  mergeTaskAttributes(workspaceSid: string, taskSid: string, extra: Record<string, unknown>): Promise<void> {
    return mergeTaskAttributes(this.options.runtime, workspaceSid, taskSid, extra);
  }

  // --- internals ----------------------------------------------------------------------------------

  private newLeg(
    accountSid: string,
    to: string,
    from: string,
    direction: CallDirection,
    parentCallSid: string | null,
  ): Call {
    return this.calls.create({ accountSid, to, from, direction, parentCallSid, now: this.now() });
  }

  private onCommitted(batch: CommittedBatch): void {
    for (const effect of batch.effects) {
      if (effect.type === "callSetUp")
        this.track(() => this.onCallSetUp(batch.workspaceSid, effect.reservationSid));
      else if (effect.type === "supervise") this.onSupervise(batch.workspaceSid, effect.reservationSid);
    }
    for (const event of batch.events) {
      if (event.eventType === "reservation.accepted") {
        this.track(() => this.onAccepted(batch.workspaceSid, event.resourceSid));
      } else if (event.eventType === "task.transfer-initiated") {
        this.track(() => this.onTransferInitiated(batch.workspaceSid, event));
      } else if (event.eventType === "task.canceled") {
        const call = this.calls.waitingFor(event.resourceSid);
        if (call !== undefined) this.track(() => this.flow.leaveQueue(call, "leave"));
      }
    }
  }

  /** An accept without a call to connect first (redirect, or a call instruction on a task without call_sid). */
  private async onAccepted(workspaceSid: string, reservationSid: string): Promise<void> {
    const view = this.options.runtime.workspace(workspaceSid)?.view;
    const reservation = view?.reservation(reservationSid);
    const task = reservation ? view?.task(reservation.taskSid) : undefined;
    if (view === undefined || reservation === undefined || task === undefined) return;
    // Set up while the reservation was on hold (onCallSetUp), before this accept.
    if (needsCallSetUp(reservation.instruction, task.attributes)) return;
    await applyCallInstruction(this, workspaceSid, reservation, task, view.worker(reservation.workerSid));
  }

  /**
   * A reservation on hold (engine/reservations/call-setup.ts): connect the worker's leg, then report,
   * which accepts the reservation or cancels it with the failure's code.
   */
  private async onCallSetUp(workspaceSid: string, reservationSid: string): Promise<void> {
    const host = this.options.runtime.workspace(workspaceSid);
    const reservation = host?.view.reservation(reservationSid);
    const task = reservation ? host?.view.task(reservation.taskSid) : undefined;
    if (host === undefined || reservation === undefined || task === undefined) return;
    if (reservation.reservationStatus !== "pending" || reservation.onHold !== true) return;
    const worker = host.view.worker(reservation.workerSid);
    let failure: CallSetUpFailure | null;
    try {
      failure = await applyCallInstruction(this, workspaceSid, reservation, task, worker);
    } catch (error) {
      failure = { code: callApiError(reservation.instruction), reason: `the call failed: ${String(error)}` };
    }
    await host.execute({
      type: "reservation.callSetUp",
      sid: reservationSid,
      ...(failure === null ? {} : { failure }),
    });
  }

  private onSupervise(workspaceSid: string, reservationSid: string): void {
    const view = this.options.runtime.workspace(workspaceSid)?.view;
    if (view !== undefined) joinSupervisor(this.superviseOps, view, reservationSid);
  }

  private readonly superviseOps: SuperviseOps = {
    conferences: this.conferences,
    call: (sid) => this.calls.get(sid),
    dial: (parent, to, from) => this.dial(parent, to, from),
    liveConferenceOf: (task) => this.liveConferenceOf(task),
    now: () => this.now(),
    log: (line) => this.log(line),
  };

  /**
   * A transfer started on a task with a simulated conference: the customer is held (both modes);
   * COLD: the transferor's leg leaves without ending the conference (docs/transfers.md).
   */
  private async onTransferInitiated(workspaceSid: string, event: StoredEvent): Promise<void> {
    const task = this.options.runtime.workspace(workspaceSid)?.view.task(event.resourceSid);
    const conference = task === undefined ? undefined : this.liveConferenceOf(task);
    if (task === undefined || conference === undefined) return;
    const customer = this.conferences.participant(conference, null);
    if (customer !== undefined) this.hold(conference, customer, true);
    const transferor = event.fields.InitiatingWorkerSid;
    if (event.fields.TransferMode !== "COLD" || typeof transferor !== "string") return;
    const leg = this.conferences.participant(conference, transferor);
    if (leg === undefined) return;
    leg.endConferenceOnExit = false;
    const call = this.calls.get(leg.callSid);
    if (call !== undefined) await this.flow.hangup(call, "cold transfer");
  }

  private liveConferenceOf(task: Task): Conference | undefined {
    const sid = conferenceSidOf(task.attributes);
    const conference = sid === undefined ? undefined : this.conferences.get(sid);
    return conference?.status === "in-progress" ? conference : undefined;
  }

  private conferenceOf(task: Task): Conference {
    const conference = this.liveConferenceOf(task);
    if (conference === undefined) throw noSimulatedConference(task.sid);
    return conference;
  }

  private participantOf(conference: Conference, task: Task, workerSid: string | null): Participant {
    const participant = this.conferences.participant(conference, workerSid);
    if (participant === undefined) throw notInConference(workerSid, conference.sid, task.sid);
    return participant;
  }

  private hold(conference: Conference, participant: Participant, hold: boolean): void {
    participant.hold = hold;
    const leg = this.calls.get(participant.callSid);
    if (leg !== undefined) note(leg, this.now(), hold ? "hold" : "unhold", { conferenceSid: conference.sid });
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

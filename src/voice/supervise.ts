/**
 * Instruction supervise (the SDK's Supervisor.monitor, REST `Instruction=supervise`): a leg to the
 * supervisor (`To`, else its contact_uri, from `From` or the number called) joins the task's
 * simulated conference as "supervisor", muted in SupervisorMode monitor (the SDK's only mode), and
 * does not end the conference when it leaves. Twilio reports failures asynchronously (40147 for a
 * missing or invalid contact_uri, a conference that is not in progress): here they are logged.
 */
import type { Task } from "../domain/entities.ts";
import type { WorkspaceView } from "../engine/view.ts";
import { type Call, note } from "./call.ts";
import type { Conference, Conferences } from "./conference.ts";
import { contactUriOf, isDialable } from "./instructions.ts";

export interface SuperviseOps {
  conferences: Conferences;
  call(sid: string): Call | undefined;
  dial(parent: Call, to: string, from: string): Call;
  liveConferenceOf(task: Task): Conference | undefined;
  now(): number;
  log(line: string): void;
}

export function joinSupervisor(ops: SuperviseOps, view: WorkspaceView, reservationSid: string): void {
  const reservation = view.reservation(reservationSid);
  const task = reservation ? view.task(reservation.taskSid) : undefined;
  if (reservation === undefined || task === undefined) return;
  const p = (name: string): string | undefined => {
    const v = reservation.instructionParams?.[name];
    const s = Array.isArray(v) ? v[0] : v;
    return s === undefined || s === "" ? undefined : s;
  };
  const where = `supervise for reservation ${reservationSid}`;
  const conference = ops.liveConferenceOf(task);
  const customer = conference && ops.conferences.participant(conference, null);
  const caller = customer && ops.call(customer.callSid);
  if (conference === undefined || caller === undefined) {
    ops.log(`${where}: task ${task.sid} has no simulated conference in progress`);
    return;
  }
  const supervisorSid = p("Supervisor") ?? "";
  const supervisor = view.worker(supervisorSid);
  if (supervisor === undefined) {
    ops.log(`${where}: no worker ${supervisorSid} to supervise with`);
    return;
  }
  const to = p("To") ?? contactUriOf(supervisor.attributes);
  if (to === undefined || !isDialable(to)) {
    ops.log(`${where}: error 40147: worker ${supervisorSid} has no valid contact_uri`);
    return;
  }
  const leg = ops.dial(caller, to, p("From") ?? caller.to);
  const now = ops.now();
  ops.conferences.join(conference, {
    callSid: leg.sid,
    label: "supervisor",
    workerSid: supervisorSid,
    endConferenceOnExit: false,
    dateCreated: now,
  });
  const joined = conference.participants.get(leg.sid);
  if (joined !== undefined) joined.muted = (p("SupervisorMode") ?? "monitor").toLowerCase() === "monitor";
  leg.conferenceSid = conference.sid;
  note(leg, now, "conference", { conferenceSid: conference.sid, joined: "supervisor" });
}

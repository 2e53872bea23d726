/**
 * Simulated conferences (the `conference` instruction): a CF SID, its participants (one per call
 * leg, labelled "customer" and "worker"; a worker's leg also knows its worker, so the worker SDK's
 * Task.hold/kick can name it), hold and mute per participant, and Twilio's end rules: a
 * participant leaving with endConferenceOnExit ends the conference and every other leg in it; the
 * conference also ends when its last participant leaves.
 */
import { randomBytes } from "node:crypto";

export interface Participant {
  callSid: string;
  label: string;
  /** The worker whose leg this is; null for the customer. */
  workerSid: string | null;
  hold: boolean;
  muted: boolean;
  endConferenceOnExit: boolean;
  dateCreated: number;
}

export interface Conference {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: "in-progress" | "completed";
  dateCreated: number;
  dateUpdated: number;
  participants: Map<string, Participant>;
}

export class Conferences {
  private readonly byId = new Map<string, Conference>();

  create(accountSid: string, friendlyName: string, now: number): Conference {
    const conference: Conference = {
      sid: `CF${randomBytes(16).toString("hex")}`,
      accountSid,
      friendlyName,
      status: "in-progress",
      dateCreated: now,
      dateUpdated: now,
      participants: new Map(),
    };
    this.byId.set(conference.sid, conference);
    return conference;
  }

  get(sid: string): Conference | undefined {
    return this.byId.get(sid);
  }

  list(accountSid: string): Conference[] {
    return [...this.byId.values()].filter((c) => c.accountSid === accountSid);
  }

  join(conference: Conference, participant: Omit<Participant, "hold" | "muted">): void {
    conference.participants.set(participant.callSid, { ...participant, hold: false, muted: false });
  }

  /** A live conference's participant for `workerSid` (its latest leg), or the customer's (null). */
  participant(conference: Conference, workerSid: string | null): Participant | undefined {
    if (conference.status !== "in-progress") return undefined;
    let found: Participant | undefined;
    for (const p of conference.participants.values())
      if (workerSid === null ? p.label === "customer" : p.workerSid === workerSid) found = p;
    return found;
  }

  /** The legs that must end because this one left (the whole conference when it ends). */
  leave(conference: Conference, callSid: string, now: number): string[] {
    const leaving = conference.participants.get(callSid);
    if (leaving === undefined) return [];
    conference.participants.delete(callSid);
    conference.dateUpdated = now;
    if (leaving.endConferenceOnExit || conference.participants.size === 0) {
      conference.status = "completed";
      const others = [...conference.participants.keys()];
      conference.participants.clear();
      return others;
    }
    return [];
  }
}

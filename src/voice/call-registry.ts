/**
 * The calls of a server, in memory. Bounded: past MAX_CALLS the oldest ended calls are forgotten
 * (a live call is never dropped), so a long-running test server does not grow without end.
 */
import { randomBytes } from "node:crypto";
import { type Call, type CallDirection, isLive } from "./call.ts";

export const MAX_CALLS = 10_000;

export class CallRegistry {
  private readonly bySid = new Map<string, Call>();

  get(sid: string): Call | undefined {
    return this.bySid.get(sid);
  }

  list(accountSid: string): Call[] {
    return [...this.bySid.values()].filter((c) => c.accountSid === accountSid);
  }

  /** The live call waiting in a queue for this task, if any. */
  waitingFor(taskSid: string): Call | undefined {
    for (const call of this.bySid.values()) if (call.queue?.taskSid === taskSid) return call;
    return undefined;
  }

  create(fields: {
    accountSid: string;
    to: string;
    from: string;
    direction: CallDirection;
    parentCallSid: string | null;
    now: number;
  }): Call {
    const call: Call = {
      sid: `CA${randomBytes(16).toString("hex")}`,
      accountSid: fields.accountSid,
      from: fields.from,
      to: fields.to,
      direction: fields.direction,
      status: "queued",
      url: null,
      method: "POST",
      parentCallSid: fields.parentCallSid,
      dateCreated: fields.now,
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
    this.bySid.set(call.sid, call);
    this.prune();
    return call;
  }

  private prune(): void {
    if (this.bySid.size <= MAX_CALLS) return;
    for (const [sid, call] of this.bySid) {
      if (this.bySid.size <= MAX_CALLS) return;
      if (!isLive(call)) this.bySid.delete(sid);
    }
  }
}

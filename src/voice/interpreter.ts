/**
 * Runs the verbs of one TwiML document on a call, in order, the way Twilio's voice engine does,
 * without audio: what would be heard goes into the transcript.
 *
 *   <Say> text, voice, language, loop  -> "say"      <Play> url, loop -> "play"
 *   <Pause length>                     -> "pause"    (not waited: simulated time costs nothing)
 *   <Redirect method>url</Redirect>    -> fetch the new document and run it instead of the rest
 *   <Hangup/>                          -> the call ends
 *   <Leave/>                           -> (in a waitUrl document) the call leaves its queue
 *   <Enqueue workflowSid action method waitUrl waitUrlMethod><Task priority timeout>{json}</Task>
 *                                      -> a task in the workflow's workspace; the call waits there
 *   <Dial><Queue reservationSid>       -> (on a worker's leg) bridged to the caller of that reservation
 * Any other verb (other Dials, Gather, Record, …) is not simulated: error 12200 in the transcript, and the
 * verb is skipped as Twilio skips a verb it cannot validate. A document that ends without the call
 * waiting ends the call, as on Twilio.
 */
import { type Call, isLive, note } from "./call.ts";
import type { TwimlNode } from "./twiml.ts";
import { VoiceError } from "./voice-errors.ts";

export interface EnqueueVerb {
  workflowSid: string;
  taskJson: string;
  priority: number | undefined;
  timeout: number | undefined;
  action: string | null;
  method: string;
  waitUrl: string | null;
  waitUrlMethod: string;
}

/** What the interpreter asks of the voice service. */
export interface CallControl {
  now(): number;
  /** Fetches and runs another document on the call (Redirect), replacing the current run. */
  redirect(call: Call, url: string, method: string): Promise<void>;
  enqueue(call: Call, verb: EnqueueVerb): Promise<void>;
  leaveQueue(call: Call, result: string): Promise<void>;
  /** `<Dial><Queue reservationSid>`: bridge this leg to the caller waiting for that reservation. */
  dialQueue(call: Call, reservationSid: string): Promise<void>;
  hangup(call: Call, reason: string): Promise<void>;
}

/** "waiting" when the call sits in a queue, "replaced" when a newer run took over, else "ended". */
export type RunResult = "ended" | "waiting" | "replaced";

export interface RunOptions {
  /** A waitUrl document: runs while the call waits, may <Leave>, never ends the call. */
  waiting?: boolean;
}

export async function runVerbs(
  ctl: CallControl,
  call: Call,
  verbs: TwimlNode[],
  options: RunOptions = {},
): Promise<RunResult> {
  const generation = call.generation;
  for (const verb of verbs) {
    if (call.generation !== generation || !isLive(call)) return "replaced";
    const a = verb.attributes;
    switch (verb.name) {
      case "Say":
        note(call, ctl.now(), "say", { text: verb.text, voice: a.voice, language: a.language, loop: a.loop });
        break;
      case "Play":
        note(call, ctl.now(), "play", { url: verb.text, loop: a.loop, digits: a.digits });
        break;
      case "Pause":
        note(call, ctl.now(), "pause", { length: Number(a.length ?? "1") || 1 });
        break;
      case "Redirect":
        await ctl.redirect(call, verb.text, a.method ?? "POST");
        return "replaced";
      case "Hangup":
        note(call, ctl.now(), "hangup");
        await ctl.hangup(call, "hangup verb");
        return "ended";
      case "Leave":
        if (!options.waiting) {
          note(call, ctl.now(), "error", {
            code: 12200,
            message: "<Leave> outside a waitUrl document: ignored",
          });
          break;
        }
        note(call, ctl.now(), "leave");
        await ctl.leaveQueue(call, "leave");
        return "replaced";
      case "Enqueue":
        if (options.waiting) {
          note(call, ctl.now(), "error", {
            code: 12200,
            message: "<Enqueue> inside a waitUrl document: ignored",
          });
          break;
        }
        try {
          await ctl.enqueue(call, readEnqueue(verb));
          return "waiting";
        } catch (error) {
          if (!(error instanceof VoiceError)) throw error;
          note(call, ctl.now(), "error", { verb: "Enqueue", code: error.code, message: error.message });
          break;
        }
      case "Dial": {
        const queue = verb.children.find(
          (child) => child.name === "Queue" && child.attributes.reservationSid,
        );
        if (queue === undefined) {
          note(call, ctl.now(), "error", {
            verb: "Dial",
            code: 12200,
            message:
              "Schema validation warning: <Dial> is simulated only as <Dial><Queue reservationSid>; skipped",
          });
          break;
        }
        try {
          note(call, ctl.now(), "dial", {
            queue: queue.text,
            reservationSid: queue.attributes.reservationSid ?? "",
          });
          await ctl.dialQueue(call, queue.attributes.reservationSid ?? "");
          return "waiting";
        } catch (error) {
          if (!(error instanceof VoiceError)) throw error;
          note(call, ctl.now(), "error", { verb: "Dial", code: error.code, message: error.message });
          break;
        }
      }
      default:
        note(call, ctl.now(), "error", {
          verb: verb.name,
          code: 12200,
          message: `Schema validation warning: <${verb.name}> is not simulated by Tasklane; skipped`,
        });
    }
  }
  return options.waiting ? "waiting" : "ended";
}

function readEnqueue(verb: TwimlNode): EnqueueVerb {
  const a = verb.attributes;
  const workflowSid = a.workflowSid ?? "";
  if (workflowSid === "") {
    throw new VoiceError(
      12200,
      `Schema validation warning: <Enqueue> without workflowSid (a named queue "${verb.text}") is not simulated; Tasklane routes <Enqueue workflowSid> only`,
    );
  }
  const task = verb.children.find((child) => child.name === "Task");
  return {
    workflowSid,
    taskJson: task?.text ?? "{}",
    priority: numberAttr(task?.attributes.priority, "priority"),
    timeout: numberAttr(task?.attributes.timeout, "timeout"),
    action: a.action ?? null,
    method: a.method ?? "POST",
    waitUrl: a.waitUrl ?? null,
    waitUrlMethod: a.waitUrlMethod ?? "POST",
  };
}

function numberAttr(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new VoiceError(12200, `Schema validation warning: <Task ${name}="${value}"> is not a whole number`);
  return n;
}

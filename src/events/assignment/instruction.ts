/**
 * Reading an assignment callback's answer (TaskRouter: reply 200 with Content-Type application/json
 * and `{"instruction": ...}` within 5 s). The outcomes:
 *   - an instruction -> the reservation.update command that carries it out;
 *   - no instruction (empty body, or a JSON object without `instruction`) -> leave the reservation
 *     pending for a later REST accept/reject;
 *   - a failure (wrong content type, unparsable JSON, unknown instruction) -> try the fallback URL;
 *     its reason is generic and quotes nothing of the answer (it ends up in events).
 * Instruction fields arrive snake_case (`post_work_activity_sid`, `call_sid`) and become the REST
 * form names the engine records (`DequeuePostWorkActivitySid`, `RedirectCallSid`).
 */
import type { CommandOf } from "../../engine/commands.ts";

export type InstructionCommand = Omit<CommandOf<"reservation.update">, "sid">;

export type AssignmentAnswer =
  | { kind: "instruction"; command: InstructionCommand }
  | { kind: "none" }
  | { kind: "failed"; reason: string };

/** The REST prefix of each instruction's fields (conference fields have none). */
const PREFIX: Record<string, string> = {
  dequeue: "Dequeue",
  call: "Call",
  redirect: "Redirect",
  conference: "",
};
/** Names that do not follow prefix + PascalCase(snake). */
const SPECIAL: Record<string, string> = {
  dequeue_status_callback_events: "DequeueStatusCallbackEvent",
  dequeue_status_callback_event: "DequeueStatusCallbackEvent",
};

export function readAssignmentAnswer(contentType: string, body: string): AssignmentAnswer {
  if (body.trim() === "") return { kind: "none" };
  if (!/^application\/(.+\+)?json\b/i.test(contentType.trim())) {
    return { kind: "failed", reason: "answer is not application/json" };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "failed", reason: "answer is not parsable JSON" };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { kind: "none" };
  const answer = parsed as Record<string, unknown>;
  const raw = answer.instruction;
  if (raw === undefined || raw === null || raw === "") return { kind: "none" };
  const instruction = String(raw).trim().toLowerCase();
  if (instruction === "accept") return { kind: "instruction", command: base("accept", {}) };
  if (instruction === "reject") {
    const activity = answer.activity_sid;
    const command = base("reject", typeof activity === "string" ? { activity_sid: activity } : {});
    return {
      kind: "instruction",
      command: typeof activity === "string" ? { ...command, workerActivitySid: activity } : command,
    };
  }
  const prefix = PREFIX[instruction];
  // The reason is shown in events: it names no part of the answer (no echo of a receiver's bytes).
  if (prefix === undefined) return { kind: "failed", reason: "unknown instruction" };
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(answer)) {
    if (key === "instruction" || value === null || value === undefined) continue;
    const name = SPECIAL[`${instruction}_${key}`] ?? prefix + pascal(key);
    params[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return { kind: "instruction", command: base(instruction, params) };
}

function base(instruction: string, instructionParams: Record<string, string | string[]>): InstructionCommand {
  return { type: "reservation.update", instruction, instructionParams };
}

function pascal(snake: string): string {
  return snake
    .split("_")
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

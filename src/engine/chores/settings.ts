/**
 * The chores' settings: checked before anything changes, then applied with their consequences.
 *
 *   TaskChannel  wrapUpLimitSeconds  TasklaneWrapUpLimit        re-arms the wrap-up timers of its wrapping tasks
 *   Workspace    maxAssignedSeconds  TasklaneMaxAssigned        re-arms the overdue timers of assigned/wrapping tasks
 *                maxAssignedAction   TasklaneMaxAssignedAction  flag | complete | cancel (default flag)
 *                channelRules        TasklaneChannelRules       every worker re-filed and offered work again
 *
 * null clears a setting; undefined leaves it as it is. The rules arrive as the JSON text the
 * client sent and are kept parsed (by unique name: TaskChannel unique names never change).
 */
import type { ChannelRule, JsonValue, MaxAssignedAction, TaskChannel } from "../../domain/entities.ts";
import { MAX_ASSIGNED_ACTIONS } from "../../domain/entities.ts";
import { invalidParameter } from "../../domain/errors.ts";
import { MAX_CHANNEL_RULES, MAX_CHANNEL_RULES_LENGTH, MAX_CHORE_SECONDS } from "../../domain/limits.ts";
import type { WorkspaceChores } from "../commands.ts";
import type { Ctx } from "../context.ts";
import type { WorkspaceState } from "../state/workspace-state.ts";

interface CheckedChores {
  maxAssignedSeconds?: number | null;
  maxAssignedAction?: MaxAssignedAction | null;
  channelRules?: ChannelRule[] | null;
}

export function checkChoreSeconds(
  param: string,
  value: number | null | undefined,
): number | null | undefined {
  if (value == null) return value;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CHORE_SECONDS) {
    throw invalidParameter(param, `must be whole seconds from 1 to ${MAX_CHORE_SECONDS} (got ${value})`);
  }
  return value;
}

function checkAction(value: string | null | undefined): MaxAssignedAction | null | undefined {
  if (value == null) return value;
  const action = MAX_ASSIGNED_ACTIONS.find((a) => a === value);
  if (action === undefined) {
    throw invalidParameter(
      "TasklaneMaxAssignedAction",
      `must be ${MAX_ASSIGNED_ACTIONS.join(", ")} (got ${JSON.stringify(value)})`,
    );
  }
  return action;
}

function channelName(s: WorkspaceState, where: string, value: JsonValue | undefined): string {
  const param = "TasklaneChannelRules";
  if (typeof value !== "string" || value === "")
    throw invalidParameter(param, `${where} must be a TaskChannel unique name`);
  if (!s.channelByUniqueName.has(value))
    throw invalidParameter(
      param,
      `${where} names no TaskChannel of this Workspace (${JSON.stringify(value)})`,
    );
  return value;
}

/** Parse and check `[{"while": "chat", "block": ["voice"]}, …]` against the workspace's channels. */
export function parseChannelRules(s: WorkspaceState, raw: string): ChannelRule[] {
  const param = "TasklaneChannelRules";
  if (raw.length > MAX_CHANNEL_RULES_LENGTH)
    throw invalidParameter(param, `must be at most ${MAX_CHANNEL_RULES_LENGTH} characters`);
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (error) {
    throw invalidParameter(param, `is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(doc))
    throw invalidParameter(param, 'must be a JSON array of {"while": …, "block": […]}');
  if (doc.length > MAX_CHANNEL_RULES)
    throw invalidParameter(param, `holds at most ${MAX_CHANNEL_RULES} rules`);
  const rules: ChannelRule[] = [];
  doc.forEach((item: JsonValue, i) => {
    const where = `rule ${i + 1}`;
    if (item === null || typeof item !== "object" || Array.isArray(item))
      throw invalidParameter(param, `${where} must be an object {"while": …, "block": […]}`);
    const extra = Object.keys(item).filter((k) => k !== "while" && k !== "block");
    if (extra.length > 0) throw invalidParameter(param, `${where} has unknown key(s) ${extra.join(", ")}`);
    const holding = channelName(s, `${where} "while"`, item.while);
    if (rules.some((r) => r.while === holding))
      throw invalidParameter(param, `${where}: a second rule for "while": ${JSON.stringify(holding)}`);
    const block = item.block;
    if (!Array.isArray(block) || block.length === 0)
      throw invalidParameter(param, `${where} "block" must be a non-empty array of TaskChannel unique names`);
    const names = [...new Set(block.map((b, j) => channelName(s, `${where} "block"[${j}]`, b)))];
    if (names.includes(holding))
      throw invalidParameter(param, `${where} blocks its own "while" channel (capacity does that)`);
    rules.push({ while: holding, block: names });
  });
  return rules;
}

/** Validate the workspace's chore settings of a create or update command; changes nothing. */
export function checkWorkspaceChores(s: WorkspaceState, input: WorkspaceChores): CheckedChores {
  const out: CheckedChores = {};
  const seconds = checkChoreSeconds("TasklaneMaxAssigned", input.maxAssignedSeconds);
  if (seconds !== undefined) out.maxAssignedSeconds = seconds;
  const action = checkAction(input.maxAssignedAction);
  if (action !== undefined) out.maxAssignedAction = action;
  const raw = input.channelRules;
  if (raw !== undefined)
    out.channelRules = raw === null || raw.trim() === "" ? null : parseChannelRules(s, raw);
  return out;
}

/** Apply checked settings: state re-arms the timers of assigned tasks and re-files workers for new rules. */
export function applyWorkspaceChores(ctx: Ctx, checked: CheckedChores): void {
  ctx.s.setChoreSettings(checked);
  if (checked.channelRules !== undefined)
    for (const worker of ctx.s.workersById.values()) ctx.enqueue({ kind: "worker", sid: worker.sid });
}

/** A channel's wrap-up limit changed: its wrapping tasks count against the new one. */
export function setWrapUpLimit(ctx: Ctx, channel: TaskChannel, seconds: number | null): void {
  if ((channel.wrapUpLimitSeconds ?? null) !== seconds) ctx.s.setWrapUpLimit(channel, seconds);
}

/**
 * Cross-channel rules (Workspace.channelRules, the `TasklaneChannelRules` setting): while a worker
 * holds a reservation on a rule's `while` channel that holds capacity (pending, accepted or
 * wrapping), it is offered nothing on the rule's `block` channels.
 *
 * The rule is one more condition of "can this worker take a new reservation on this channel now"
 * (capacity, activity, channel enabled): WorkspaceState.canTakeOn and the available index
 * (index-sync.ts refreshWorker) both ask `blockingRule`, so routing, the REST worker channel's
 * `available` and the diagnostics agree. Reservations of the worker change -> refreshWorker runs
 * -> the blocked channels are (un)filed like a channel at capacity. Single-tasking workspaces
 * never ask (a worker there holds one reservation at a time anyway).
 *
 * It reads the state through a narrow view (RuleView) so that the state can call it without a cycle.
 */
import type { ChannelRule, TaskChannel, Workspace } from "../../domain/entities.ts";

export interface RuleView {
  readonly workspace: Workspace;
  taskChannel(sidOrUniqueName: string): TaskChannel | undefined;
  activeCount(workerSid: string, channelSid?: string): number;
}

/** The rule that blocks `channelSid` for the worker now, or null. Cost: O(rules) when rules exist. */
export function blockingRule(v: RuleView, workerSid: string, channelSid: string): ChannelRule | null {
  const rules = v.workspace.channelRules;
  if (!rules || rules.length === 0) return null;
  const channel = v.taskChannel(channelSid);
  if (!channel) return null;
  for (const rule of rules) {
    if (!rule.block.includes(channel.uniqueName)) continue;
    const holding = v.taskChannel(rule.while);
    if (holding && v.activeCount(workerSid, holding.sid) > 0) return rule;
  }
  return null;
}

/** Whether a rule names the channel (such a channel cannot be deleted). */
export function rulesName(workspace: Workspace, uniqueName: string): boolean {
  return (workspace.channelRules ?? []).some((r) => r.while === uniqueName || r.block.includes(uniqueName));
}

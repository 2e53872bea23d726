/**
 * A plan as text: one block per resource (`+` create, `~` update, `-` delete) with a line per
 * field, long sections cut after a few entries, and a one-line summary.
 */
import type { JsonValue } from "../domain/entities.ts";
import { jsonEqual } from "./equal.ts";
import type { Change, Plan, ResourceKind } from "./plan.ts";

export const LABEL: Record<ResourceKind, string> = {
  workspace: "workspace",
  activities: "activity",
  task_channels: "task_channel",
  task_queues: "task_queue",
  workflows: "workflow",
  workers: "worker",
};
const SIGN = { create: "+", update: "~", delete: "-" } as const;
/** Entries shown per resource and action before "… and N more". */
const SHOWN = 20;

function value(v: JsonValue | undefined): string {
  if (v === undefined) return "(unset)";
  const text = JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

const isObject = (v: JsonValue | undefined): v is { [k: string]: JsonValue } =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** `path: from → to` for each leaf that differs, so a one-line change in a workflow reads as one line. */
function leafChanges(
  path: string,
  from: JsonValue | undefined,
  to: JsonValue | undefined,
  out: string[],
): void {
  if (jsonEqual(from, to)) return;
  const bothArrays = Array.isArray(from) && Array.isArray(to);
  if ((isObject(from) && isObject(to)) || bothArrays) {
    const a = from as Record<string, JsonValue>;
    const b = to as Record<string, JsonValue>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) leafChanges(bothArrays ? `${path}[${k}]` : `${path}.${k}`, a[k], b[k], out);
    return;
  }
  out.push(`      ${path}: ${value(from)} → ${value(to)}`);
}

function block(change: Change): string[] {
  const head = `  ${SIGN[change.action]} ${LABEL[change.resource]} ${JSON.stringify(change.name)}`;
  const lines = [head];
  for (const f of change.fields) {
    if (change.action === "create") {
      const empty = f.to === null || (f.field === "channels" && jsonEqual(f.to, {}));
      if (!empty && f.field !== "friendly_name" && f.field !== "unique_name")
        lines.push(`      ${f.field}: ${value(f.to)}`);
    } else leafChanges(f.field, f.from, f.to, lines);
  }
  return lines;
}

export function countChanges(plan: Plan): { create: number; update: number; delete: number } {
  const n = { create: 0, update: 0, delete: 0 };
  for (const c of plan.changes) n[c.action]++;
  return n;
}

export function renderPlan(plan: Plan, file: string): string {
  const lines: string[] = [];
  const where = plan.workspaceSid === null ? "(new)" : plan.workspaceSid;
  lines.push(`Workspace ${JSON.stringify(plan.workspace)} ${where}`);
  if (plan.workspaceSid === null) {
    lines.push("  The Workspace does not exist yet: apply creates it; defaults the server adds and the");
    lines.push(
      "  file's sections do not name (e.g. Activity Unavailable) are removed, so it matches the file.",
    );
  }
  if (plan.changes.length === 0) {
    lines.push(`No changes: the server already matches ${file}.`);
  } else {
    const shown = new Map<string, number>();
    for (const change of plan.changes) {
      const group = `${change.action} ${change.resource}`;
      const n = (shown.get(group) ?? 0) + 1;
      shown.set(group, n);
      if (n <= SHOWN) lines.push(...block(change));
      else if (n === SHOWN + 1) {
        const total = plan.changes.filter(
          (c) => c.action === change.action && c.resource === change.resource,
        ).length;
        lines.push(
          `  ${SIGN[change.action]} … and ${total - SHOWN} more ${change.resource} to ${change.action}`,
        );
      }
    }
    const n = countChanges(plan);
    lines.push(`Plan: ${n.create} to create, ${n.update} to update, ${n.delete} to delete.`);
  }
  if (plan.unmanaged.length > 0) {
    const names = plan.unmanaged.slice(0, 10).map((u) => `${LABEL[u.resource]} ${JSON.stringify(u.name)}`);
    const more = plan.unmanaged.length > 10 ? `, … ${plan.unmanaged.length - 10} more` : "";
    lines.push(
      `Kept, not in the file: ${names.join(", ")}${more} (--prune deletes what the file's sections do not name).`,
    );
  }
  return lines.join("\n");
}

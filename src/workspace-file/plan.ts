/**
 * plan: what would make the server's Workspace match the file, as an ordered list of changes.
 *
 * Both sides are compared as specs (names, not SIDs), field by field, with TaskRouter's defaults
 * filled in for fields the file leaves out. The list is in the order apply runs it, which is the
 * dependency order: workspace settings, activities, the workspace's activity references, task
 * channels, task queues, workflows, workers; then, with prune, deletions in reverse (workers first,
 * activities last) so nothing is deleted while something still refers to it.
 */
import type { JsonObject, JsonValue } from "../domain/entities.ts";
import { jsonEqual } from "./equal.ts";
import { referenceProblems } from "./references.ts";
import { capacities, newWorkspace, type RemoteWorkspace, remoteToSpec } from "./remote.ts";
import type { Path, Problem, SourceFile } from "./source.ts";
import { DEFAULTS, IDENTITY, type SectionName, type WorkspaceSpec } from "./spec.ts";

export type ResourceKind = "workspace" | SectionName;

export interface FieldChange {
  field: string;
  from: JsonValue | undefined;
  to: JsonValue;
}

export interface Change {
  action: "create" | "update" | "delete";
  resource: ResourceKind;
  name: string;
  /** The server's SID (update and delete). */
  sid: string | null;
  fields: FieldChange[];
  /** Where the entry is in the file (create and update). */
  path: Path | null;
}

export interface Plan {
  workspace: string;
  /** null: the Workspace does not exist yet and apply creates it. */
  workspaceSid: string | null;
  changes: Change[];
  /** Server entries of managed sections the file does not name, kept because prune is off. */
  unmanaged: { resource: SectionName; name: string }[];
  problems: Problem[];
}

type Entry = Record<string, JsonValue | undefined>;

/** Fields compared only when the file gives them (the rest compare with DEFAULTS when left out). */
const OPTIONAL: Partial<Record<ResourceKind, string[]>> = {
  workspace: ["default_activity", "timeout_activity"],
  task_channels: ["friendly_name"],
  workers: ["activity"],
};

function desiredFields(resource: ResourceKind, entry: Entry): Entry {
  const defaults: Entry = resource === "workspace" ? DEFAULTS.workspace : DEFAULTS[resource];
  const out: Entry = { ...defaults };
  for (const [k, v] of Object.entries(entry)) if (v !== undefined) out[k] = v;
  if (resource === "workers" && isObject(out.channels))
    out.channels = capacities(
      Object.entries(out.channels).map(([c, v]) => [c, isObject(v) ? v.configured_capacity : undefined]),
    );
  if (resource === "task_channels" && out.friendly_name === undefined) out.friendly_name = out.unique_name;
  return out;
}

function fieldChanges(resource: ResourceKind, want: Entry, have: Entry | null, given: Entry): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, to] of Object.entries(want)) {
    if (to === undefined) continue;
    if (have !== null && OPTIONAL[resource]?.includes(field) && given[field] === undefined) continue;
    // A worker's activity is where the agent is right now: set when apply creates the worker,
    // never reset afterwards (an apply during opening hours must not move every agent).
    if (have !== null && resource === "workers" && field === "activity") continue;
    const from = have?.[field];
    if (have !== null && jsonEqual(from, to)) continue;
    out.push({ field, from, to });
  }
  return out;
}

export interface PlanInput {
  spec: WorkspaceSpec;
  source: SourceFile;
  /** The server's Workspace, or null when it does not exist. */
  remote: RemoteWorkspace | null;
  prune: boolean;
}

const ORDER: SectionName[] = ["activities", "task_channels", "task_queues", "workflows", "workers"];

export function makePlan(input: PlanInput): Plan {
  const { spec, source } = input;
  // A new Workspace starts with TaskRouter's defaults; apply prunes those the file does not name.
  const remote = input.remote ?? newWorkspace(spec.workspace.friendly_name);
  const isNew = input.remote === null;
  const prune = input.prune || isNew;
  const have = remoteToSpec(remote);
  const changes: Change[] = [];
  const unmanaged: Plan["unmanaged"] = [];
  const problems: Problem[] = [];
  const name = spec.workspace.friendly_name;

  const { default_activity, timeout_activity, tasklane_channel_rules, ...settings } = spec.workspace;
  const refs: Entry = { default_activity, timeout_activity };
  // Channel rules name TaskChannels: set once the file's channels exist (after their changes).
  const rules: Entry = {
    tasklane_channel_rules: tasklane_channel_rules ?? DEFAULTS.workspace.tasklane_channel_rules,
  };
  const haveSettings: Entry = have.workspace;
  const wantSettings = desiredFields("workspace", settings);
  delete wantSettings.tasklane_channel_rules;
  const settingChanges = fieldChanges("workspace", wantSettings, haveSettings, settings);
  if (haveSettings.multi_task_enabled === true && settings.multi_task_enabled === false) {
    problems.push(
      source.problem(
        ["workspace", "multi_task_enabled"],
        "a multitasking Workspace cannot be made single-tasking again (TaskRouter refuses it): expected true",
      ),
    );
  }
  if (isNew)
    changes.push({
      action: "create",
      resource: "workspace",
      name,
      sid: null,
      fields: settingChanges,
      path: ["workspace"],
    });
  else if (settingChanges.length > 0)
    changes.push({
      action: "update",
      resource: "workspace",
      name,
      sid: isNew ? null : remote.sid,
      fields: settingChanges,
      path: ["workspace"],
    });

  const sectionChanges = (section: SectionName): Change[] => {
    const wanted = spec[section];
    if (wanted === undefined) return [];
    const key = IDENTITY[section];
    const remoteEntries: JsonObject[] = remote[section];
    const haveEntries: Entry[] = have[section];
    const byName = new Map<string, { entry: Entry; sid: string }>();
    haveEntries.forEach((entry, i) => {
      const id = String(entry[key]);
      byName.set(section === "activities" || section === "workers" ? id.toLowerCase() : id, {
        entry,
        sid: String(remoteEntries[i]?.sid ?? ""),
      });
    });
    const out: Change[] = [];
    const named = new Set<string>();
    (wanted as Entry[]).forEach((given, i) => {
      const id = String(given[key]);
      const lookup = section === "activities" || section === "workers" ? id.toLowerCase() : id;
      named.add(lookup);
      const current = byName.get(lookup) ?? null;
      const want = desiredFields(section, given);
      if (section === "activities" && current !== null && current.entry.available !== want.available) {
        problems.push(
          source.problem(
            [section, i, "available"],
            `Activity "${id}" is ${current.entry.available ? "available" : "not available"} on the server and TaskRouter fixes that when an Activity is created: expected ${String(current.entry.available)}, or give the Activity another name`,
          ),
        );
        return;
      }
      for (const field of ["reservation_activity", "assignment_activity"]) {
        if (
          section === "task_queues" &&
          current !== null &&
          want[field] === null &&
          current.entry[field] !== null
        ) {
          problems.push(
            source.problem(
              [section, i, field],
              `the TaskRouter API cannot clear ${field} once set (the server has "${String(current.entry[field])}"): expected an Activity name`,
            ),
          );
        }
      }
      const fields = fieldChanges(section, want, current?.entry ?? null, given);
      if (current === null)
        out.push({ action: "create", resource: section, name: id, sid: null, fields, path: [section, i] });
      else if (fields.length > 0)
        out.push({
          action: "update",
          resource: section,
          name: id,
          sid: current.sid,
          fields,
          path: [section, i],
        });
    });
    for (const [lookup, { entry, sid }] of byName) {
      if (named.has(lookup)) continue;
      if (prune)
        out.push({
          action: "delete",
          resource: section,
          name: String(entry[key]),
          sid,
          fields: [],
          path: null,
        });
      else unmanaged.push({ resource: section, name: String(entry[key]) });
    }
    return out;
  };

  const bySection = new Map(ORDER.map((s) => [s, sectionChanges(s)]));
  const keep = (s: SectionName) => (bySection.get(s) ?? []).filter((c) => c.action !== "delete");
  changes.push(...keep("activities"));
  const refChanges = fieldChanges("workspace", refs, haveSettings, refs);
  if (refChanges.length > 0)
    changes.push({
      action: "update",
      resource: "workspace",
      name,
      sid: isNew ? null : remote.sid,
      fields: refChanges,
      path: ["workspace"],
    });
  changes.push(...keep("task_channels"));
  const ruleChanges = fieldChanges("workspace", rules, haveSettings, rules);
  if (ruleChanges.length > 0)
    changes.push({
      action: "update",
      resource: "workspace",
      name,
      sid: isNew ? null : remote.sid,
      fields: ruleChanges,
      path: ["workspace"],
    });
  for (const s of ORDER.slice(2)) changes.push(...keep(s));
  for (const s of [...ORDER].reverse())
    changes.push(...(bySection.get(s) ?? []).filter((c) => c.action === "delete"));

  problems.push(...referenceProblems(spec, source, have));
  return { workspace: name, workspaceSid: isNew ? null : remote.sid, changes, unmanaged, problems };
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The names a file refers to (Activities, TaskQueues), checked against the file and the server. */
import type { JsonObject, JsonValue } from "../domain/entities.ts";
import type { Path, Problem, SourceFile } from "./source.ts";
import type { WorkspaceSpec } from "./spec.ts";

/** Every Activity and TaskQueue name the file uses must exist in the file (or, for a section it leaves out, on the server). */
export function referenceProblems(
  spec: WorkspaceSpec,
  source: SourceFile,
  have: Required<WorkspaceSpec>,
): Problem[] {
  const problems: Problem[] = [];
  const activities = new Set((spec.activities ?? have.activities).map((a) => a.friendly_name.toLowerCase()));
  const queues = new Set((spec.task_queues ?? have.task_queues).map((q) => q.friendly_name));
  const activityList = [...(spec.activities ?? have.activities)].map((a) => a.friendly_name);
  const checkActivity = (path: Path, value: string | null | undefined) => {
    if (value === null || value === undefined || activities.has(value.toLowerCase())) return;
    problems.push(
      source.problem(path, `no Activity named "${value}": expected one of ${activityList.join(", ")}`),
    );
  };
  checkActivity(["workspace", "default_activity"], spec.workspace.default_activity);
  checkActivity(["workspace", "timeout_activity"], spec.workspace.timeout_activity);
  (spec.task_queues ?? []).forEach((q, i) => {
    checkActivity(["task_queues", i, "reservation_activity"], q.reservation_activity);
    checkActivity(["task_queues", i, "assignment_activity"], q.assignment_activity);
  });
  const channels = new Set((spec.task_channels ?? have.task_channels).map((c) => c.unique_name));
  (spec.workers ?? []).forEach((w, i) => {
    checkActivity(["workers", i, "activity"], w.activity);
    for (const name of Object.keys(w.channels ?? {}))
      if (!channels.has(name))
        problems.push(
          source.problem(
            ["workers", i, "channels", name],
            `no TaskChannel with unique_name "${name}": expected one of ${[...channels].join(", ")}`,
            "key",
          ),
        );
  });
  const queueList = [...queues].join(", ") || "(none: add a task_queues section)";
  (spec.workflows ?? []).forEach((w, i) => {
    const base: Path = ["workflows", i, "configuration", "task_routing"];
    const routing = w.configuration.task_routing as JsonObject | undefined;
    const check = (path: Path, target: JsonValue | undefined) => {
      if (target === null || typeof target !== "object" || Array.isArray(target)) return;
      const queue = target.queue;
      if (typeof queue === "string" && !queues.has(queue))
        problems.push(
          source.problem([...path, "queue"], `no TaskQueue named "${queue}": expected one of ${queueList}`),
        );
    };
    const filters = (routing?.filters ?? []) as JsonObject[];
    filters.forEach((f, j) => {
      ((f.targets ?? []) as JsonValue[]).forEach((t, k) => {
        check([...base, "filters", j, "targets", k], t);
      });
    });
    check([...base, "default_filter"], routing?.default_filter);
  });
  return problems;
}

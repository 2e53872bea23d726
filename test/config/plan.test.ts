/** plan without a server: a new Workspace against TaskRouter's defaults, and what TaskRouter cannot change. */
import { describe, expect, it } from "vitest";
import { makePlan } from "../../src/workspace-file/plan.ts";
import { parseWorkspaceFile } from "../../src/workspace-file/read-file.ts";
import { newWorkspace } from "../../src/workspace-file/remote.ts";
import { renderPlan } from "../../src/workspace-file/render.ts";

const parse = (text: string) => parseWorkspaceFile("ws.yaml", text);

describe("plan", () => {
  it("plans a new Workspace against the defaults TaskRouter creates, pruning what the file's sections leave out", () => {
    const parsed = parse(
      [
        "workspace: { friendly_name: S }",
        "activities:",
        "  - friendly_name: Offline",
        "    available: false",
        "  - friendly_name: Available",
        "  - friendly_name: Break",
        "    available: false",
      ].join("\n"),
    );
    const plan = makePlan({ ...parsed, remote: null, prune: false });
    expect(plan.problems).toEqual([]);
    expect(plan.changes.map((c) => `${c.action} ${c.resource} ${c.name}`)).toEqual([
      "create workspace S",
      "create activities Break",
      "delete activities Unavailable",
    ]);
    // task_channels is not in the file: the defaults stay and are not even listed.
    expect(plan.unmanaged).toEqual([]);
    expect(renderPlan(plan, "ws.yaml")).toContain("Plan: 2 to create, 0 to update, 1 to delete.");
  });

  it("refuses what TaskRouter cannot change, at the line to fix", () => {
    const remote = newWorkspace("S");
    remote.sid = "WS1";
    remote.task_queues = [
      {
        sid: "WQ1",
        friendly_name: "Q",
        target_workers: "1==1",
        max_reserved_workers: 1,
        task_order: "FIFO",
        reservation_activity_sid: "new:Offline",
        assignment_activity_sid: null,
      },
    ];
    const parsed = parse(
      [
        "workspace:",
        "  friendly_name: S",
        "  multi_task_enabled: false",
        "activities:",
        "  - friendly_name: Offline",
        "  - friendly_name: Available",
        "  - friendly_name: Unavailable",
        "    available: false",
        "task_queues:",
        "  - friendly_name: Q",
      ].join("\n"),
    );
    const plan = makePlan({ ...parsed, remote, prune: false });
    expect(plan.problems.map((p) => `${p.line}:${p.column} ${p.where}: ${p.message.slice(0, 60)}`)).toEqual([
      "3:23 workspace.multi_task_enabled: a multitasking Workspace cannot be made single-tasking again",
      '5:5 activities[0].available: Activity "Offline" is not available on the server and TaskRo',
      "10:5 task_queues[0].reservation_activity: the TaskRouter API cannot clear reservation_activity once se",
    ]);
  });

  it("leaves a worker's activity alone once the worker exists", () => {
    const remote = newWorkspace("S");
    remote.sid = "WS1";
    remote.workers = [{ sid: "WK1", friendly_name: "alice", attributes: "{}", activity_sid: "new:Offline" }];
    const same = parse(
      "workspace: { friendly_name: S }\nworkers:\n  - friendly_name: alice\n    activity: Available\n",
    );
    expect(makePlan({ ...same, remote, prune: false }).changes).toEqual([]);
    // Names match without case (as TaskRouter's do), so a new spelling is a rename, not a new worker.
    const renamed = parse("workspace: { friendly_name: S }\nworkers:\n  - friendly_name: Alice\n");
    const [change] = makePlan({ ...renamed, remote, prune: false }).changes;
    expect(change).toMatchObject({
      action: "update",
      sid: "WK1",
      fields: [{ field: "friendly_name", from: "alice", to: "Alice" }],
    });
  });
});

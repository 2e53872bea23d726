/** Every problem in a workspace file is reported at its line and column with what was expected. */
import { describe, expect, it } from "vitest";
import { parseWorkspaceFile } from "../../src/workspace-file/read-file.ts";
import { WorkspaceFileError } from "../../src/workspace-file/source.ts";

function problems(text: string): string[] {
  try {
    parseWorkspaceFile("ws.yaml", text);
  } catch (error) {
    if (error instanceof WorkspaceFileError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("workspace file errors", () => {
  it("names file, line, column and what was expected for wrong types, unknown keys and missing keys", () => {
    const text = [
      "workspace:", //                              1
      "  friendly_name: Support", //                2
      "task_queues:", //                            3
      "  - friendly_name: English", //              4
      "    max_reserved_workers: two", //           5
      "    target_worker: skills HAS 'en'", //      6
      "  - target_workers: 1==1", //                7
      "workflows:", //                              8
      "  - friendly_name: Main", //                 9
      "    configuration: {}", //                   10
    ].join("\n");
    expect(problems(text)).toEqual([
      'ws.yaml:6:5: task_queues[0].target_worker: unknown key "target_worker": expected one of friendly_name, target_workers, max_reserved_workers, task_order, reservation_activity, assignment_activity',
      'ws.yaml:5:27: task_queues[0].max_reserved_workers: expected an integer, got string "two"',
      'ws.yaml:7:5: task_queues[1]: missing required key "friendly_name"',
      'ws.yaml:10:20: workflows[0].configuration: missing required key "task_routing"',
    ]);
  });

  it("reports YAML syntax errors and duplicate keys at their place", () => {
    expect(problems("workspace:\n  friendly_name: a\n  friendly_name: b\n")[0]).toMatch(
      /^ws\.yaml:3:3: .*unique/i,
    );
    expect(problems("workspace: [unclosed\n")[0]).toMatch(/^ws\.yaml:\d+:\d+: /);
  });

  it("points at the column inside an expression, and at duplicate names", () => {
    const text = [
      "workspace: { friendly_name: Support }",
      "task_queues:",
      "  - friendly_name: English",
      "    target_workers: skills HAS (",
      "  - friendly_name: English",
    ].join("\n");
    expect(problems(text)).toEqual([
      'ws.yaml:5:20: task_queues[1].friendly_name: duplicate friendly_name "English": task_queues[0] has it already',
      "ws.yaml:4:32: task_queues[0].target_workers: Unexpected '(' at column 12 of TargetWorkers: expected a value",
    ]);
  });

  it("accepts JSON and the enum/URL rules of the schema", () => {
    expect(() =>
      parseWorkspaceFile("ws.json", '{"workspace": {"friendly_name": "S"}, "activities": []}'),
    ).not.toThrow();
    const bad = problems(
      '{"workspace": {"friendly_name": "S", "prioritize_queue_order": "RANDOM", "event_callback_url": "ftp://x"}}',
    );
    expect(bad).toEqual([
      'ws.yaml:1:96: workspace.event_callback_url: expected an absolute http(s) URL, got string "ftp://x"',
      'ws.yaml:1:64: workspace.prioritize_queue_order: expected one of FIFO, LIFO, got string "RANDOM"',
    ]);
  });
});

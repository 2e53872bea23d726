/**
 * WorkspaceHistory edge cases the random runs reach rarely: minute buckets that rolled off (the log
 * answers for them), 30-day pruning, and channel-narrowed keys leaving activity durations alone.
 */
import { describe, expect, it } from "vitest";
import type { Fact } from "../../src/stats/cumulative/facts.ts";
import { HOUR, RETENTION_MS, WorkspaceHistory } from "../../src/stats/cumulative/workspace-history.ts";

const T = Date.UTC(2026, 0, 1, 9);

function fact(t: number, extra: Partial<Fact> = {}): Fact {
  const base: Fact = {
    t,
    type: "task.created",
    channel: null,
    queue: null,
    workflow: null,
    worker: null,
    value: 0,
    inQueue: 0,
    activity: null,
    movedFrom: null,
  };
  return { ...base, ...extra };
}

const created = (h: WorkspaceHistory, key: string, start: number, end: number) =>
  h.summarize(key, start, end, false).counters.tasks_created;

describe("WorkspaceHistory", () => {
  it("answers from the log for minutes whose buckets rolled off", () => {
    const h = new WorkspaceHistory();
    for (const t of [T, T + 1_000, T + 61_000, T + 125_000, T + 10 * HOUR, T + 10 * HOUR + 5])
      h.append(fact(t));
    expect(created(h, "ws", T + 500, T + 10 * HOUR + 10)).toBe(5);
    expect(created(h, "ws", T + 60_000, T + 179_999)).toBe(2);
    expect(created(h, "ws", T - 1, T + 10 * HOUR + 4)).toBe(5);
  });

  it("forgets what is older than 30 days", () => {
    const h = new WorkspaceHistory();
    h.append(fact(T));
    h.append(fact(T + HOUR));
    h.append(fact(T + RETENTION_MS + 3 * HOUR));
    h.prune(T + RETENTION_MS + 3 * HOUR - RETENTION_MS);
    expect(created(h, "ws", T - HOUR, T + RETENTION_MS + 4 * HOUR)).toBe(1);
  });

  it("keeps activity durations on the scope key only, and channels apart", () => {
    const h = new WorkspaceHistory();
    h.append(fact(T, { channel: "TC1" }));
    h.append(fact(T + 1, { channel: "TC2" }));
    h.append(fact(T + 2, { type: "worker.activity.update", worker: "WK1", activity: "WA1", value: 30 }));
    expect(created(h, "ws|TC1", T, T + 10)).toBe(1);
    expect(created(h, "ws", T, T + 10)).toBe(2);
    expect(h.summarize("ws", T, T + 10, false).activities.get("WA1")).toEqual({
      count: 1,
      sum: 30,
      min: 30,
      max: 30,
    });
    expect(h.summarize("wk:WK1", T, T + 10, false).activities.get("WA1")?.sum).toBe(30);
    expect(h.summarize("ws|TC1", T, T + 10, false).activities.size).toBe(0);
  });
});

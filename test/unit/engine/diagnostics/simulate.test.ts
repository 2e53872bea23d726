/** Workflow simulation: the walk the router would make, without changing anything. */
import { describe, expect, it } from "vitest";
import type { Simulation, SimulationInput } from "../../../../src/engine/diagnostics/index.ts";
import { Harness } from "../harness.ts";

function simulate(
  h: Harness,
  config: unknown,
  input: Omit<SimulationInput, "configuration"> = {},
): Simulation {
  const configuration = typeof config === "string" ? config : JSON.stringify(config);
  return h.engine.simulateWorkflow({ configuration, ...input }, h.clock.now());
}

function path(sim: Simulation): string[] {
  return sim.steps.map((st) => `${st.queueName}:${st.enteredBy}->${st.exit}`);
}

describe("simulateWorkflow", () => {
  it("takes the first matching filter and names the worker that would be reserved", () => {
    const h = new Harness();
    const sales = h.queue("Sales");
    const support = h.queue("Support", "dept == 'support'");
    const alice = h.worker("alice", { dept: "support" });
    const config = {
      task_routing: {
        filters: [
          { filter_friendly_name: "Sales", expression: "type == 'sales'", targets: [{ queue: sales }] },
          {
            filter_friendly_name: "Support",
            expression: "type == 'support'",
            targets: [{ queue: support, priority: 5 }],
          },
          { filter_friendly_name: "Any", expression: "1==1", targets: [{ queue: sales }] },
        ],
      },
    };
    const sim = simulate(h, config, { attributes: '{"type":"support"}' });
    expect(sim.filters.map((f) => [f.name, f.result])).toEqual([
      ["Sales", "no_match"],
      ["Support", "matched"],
    ]);
    expect(sim.steps).toHaveLength(1);
    expect(sim.steps[0]).toMatchObject({
      queueSid: support,
      priority: 5,
      eligible: 1,
      members: 1,
      exit: "reserved",
    });
    expect(sim.outcome).toBe(`reserved ${alice} (alice) in Support`);
    expect(sim.finalOutcome).toBe(sim.outcome);
    expect(sim.result).toMatchObject({ kind: "reserved", queueSid: support, atAge: 0 });
  });

  it("falls into default_filter when nothing matches, and is canceled without one", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const fallback = h.queue("Fallback");
    const filters = [{ expression: "type == 'x'", targets: [{ queue: q }] }];
    const sim = simulate(h, { task_routing: { filters, default_filter: { queue: fallback, timeout: 5 } } });
    expect(path(sim)).toEqual(["Fallback:default_filter->waits"]);
    expect(sim.steps[0]).toMatchObject({
      isDefaultFilter: true,
      timeout: null,
      deadlineAge: null,
      eligible: 0,
    });
    expect(sim.outcome).toBe("waits in Fallback");
    const none = simulate(h, { task_routing: { filters } });
    expect(none.steps).toEqual([]);
    expect(none.outcome).toBe("canceled: no filter matches and no default_filter (workflow.skipped)");
    expect(none.result).toMatchObject({ kind: "canceled", cause: "workflow.skipped" });
  });

  it("follows skip_if to the next target, and past the last target to the default filter", () => {
    const h = new Harness();
    const [a, b, c] = [h.queue("A"), h.queue("B"), h.queue("C")];
    h.worker("off", {}, "Offline");
    const config = {
      task_routing: {
        filters: [
          {
            expression: "1==1",
            targets: [
              { queue: a, timeout: 10, skip_if: "workers.available == 0" },
              { queue: b, timeout: 10, skip_if: "1==1" },
            ],
          },
        ],
        default_filter: { queue: c },
      },
    };
    const sim = simulate(h, config);
    expect(path(sim)).toEqual(["A:filter_match->skip_if", "B:skip_if->skip_if", "C:default_filter->waits"]);
    expect(sim.steps[0]?.skipIf).toEqual({
      expression: "workers.available == 0",
      evaluated: true,
      fires: true,
    });
    // Skipping keeps the cumulative deadline: B's counts from A's deadline.
    expect(sim.steps[1]?.deadlineAge).toBe(20);
    expect(sim.filters[0]?.result).toBe("skipped");
    expect(sim.outcome).toBe("waits in C");
    // With a worker available, skip_if is not evaluated: the reservation happens on entry.
    const w = h.worker("on");
    const reserved = simulate(h, config);
    expect(reserved.steps[0]?.skipIf).toMatchObject({ evaluated: false });
    expect(reserved.outcome).toBe(`reserved ${w} (on) in A`);
  });

  it("projects step timeouts: next target, next MATCHING filter, then workflow.timeout", () => {
    const h = new Harness();
    const [q1, q2, q3, q4] = [h.queue("Q1"), h.queue("Q2"), h.queue("Q3"), h.queue("Q4")];
    const config = {
      task_routing: {
        filters: [
          {
            expression: "lang == 'en'",
            targets: [
              { queue: q1, timeout: 10 },
              { queue: q2, timeout: 20 },
            ],
          },
          { expression: "lang == 'fr'", targets: [{ queue: q3, timeout: 10 }] },
          { expression: "vip == true", targets: [{ queue: q4, timeout: 30 }] },
        ],
        default_filter: { queue: q1 },
      },
    };
    const sim = simulate(h, config, { attributes: '{"lang":"en","vip":true}' });
    expect(path(sim)).toEqual(["Q1:filter_match->timeout", "Q2:timeout->timeout", "Q4:next_filter->timeout"]);
    expect(sim.steps.map((st) => [st.enteredAtAge, st.deadlineAge])).toEqual([
      [0, 10],
      [10, 30],
      [30, 60],
    ]);
    expect(sim.filters.map((f) => [f.pass, f.index, f.result])).toEqual([
      [0, 0, "matched"],
      [2, 1, "no_match"],
      [2, 2, "matched"],
    ]);
    expect(sim.outcome).toBe("waits in Q1");
    expect(sim.finalOutcome).toBe(
      "canceled after 60 s: the last step timed out and no later filter matches (workflow.timeout)",
    );
    // The projection finds a worker where one is eligible now.
    const w = h.worker("w4", {}, "Available");
    const withWorker = simulate(h, config, { attributes: '{"lang":"en"}' });
    expect(withWorker.outcome).toBe(`reserved ${w} (w4) in Q1`);
  });

  it("stops the projection at the TTL", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const config = {
      task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q, timeout: 120 }] }] },
    };
    const sim = simulate(h, config, { timeout: 60 });
    expect(path(sim)).toEqual(["Q:filter_match->ttl"]);
    expect(sim.finalOutcome).toBe("waits in Q, canceled by its TTL at 60 s (before the step times out)");
  });

  it("respects known_worker_sid, order_by, capacity and MaxReservedWorkers", () => {
    const h = new Harness();
    const q = h.queue("Q", "1==1", { maxReservedWorkers: 2 });
    const low = h.worker("low", { level: 1 });
    const high = h.worker("high", { level: 9 });
    const mid = h.worker("mid", { level: 5 });
    const full = h.worker("full", { level: 10 });
    h.exec({ type: "workerChannel.update", workerSid: full, sid: "default", capacity: 0 });
    const ordered = simulate(h, {
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: q, order_by: "worker.level DESC" }] }],
      },
    });
    expect(ordered.steps[0]).toMatchObject({ eligible: 3, members: 4 });
    expect(ordered.steps[0]?.wouldReserve.map((w) => w.sid)).toEqual([high, mid]);
    expect(ordered.outcome).toBe(`reserved ${high} (high), ${mid} (mid) in Q`);
    const known = {
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: q, known_worker_sid: "task.agent" }] }],
      },
    };
    expect(simulate(h, known, { attributes: JSON.stringify({ agent: low }) }).steps[0]?.wouldReserve).toEqual(
      [{ sid: low, friendlyName: "low" }],
    );
    const missing = simulate(h, known, { attributes: JSON.stringify({ agent: full }) });
    expect(missing.steps[0]).toMatchObject({ eligible: 0, exit: "waits" });
    expect(missing.outcome).toBe("waits in Q");
  });

  it("evaluates time-of-day expressions at the Time given", () => {
    const h = new Harness();
    const day = h.queue("Day");
    const night = h.queue("Night");
    const config = {
      task_routing: {
        filters: [
          {
            filter_friendly_name: "Office hours",
            expression: "taskrouter.currentHour >= 9 AND taskrouter.currentHour < 17",
            targets: [{ queue: day }],
          },
        ],
        default_filter: { queue: night },
      },
    };
    const at = (iso: string) => simulate(h, config, { time: Date.parse(iso) });
    expect(at("2026-03-02T10:30:00Z").outcome).toBe("waits in Day");
    const evening = at("2026-03-02T20:00:00Z");
    expect(evening.outcome).toBe("waits in Night");
    expect(evening.filters[0]).toMatchObject({
      result: "no_match",
      evaluatedAt: Date.parse("2026-03-02T20:00:00Z"),
    });
    expect(evening.createdAt).toBe(Date.parse("2026-03-02T20:00:00Z"));
  });

  it("validates the configuration with workflow create's own errors", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const bad: unknown[] = [
      "{not json",
      {
        task_routing: {
          filters: [{ expression: "1==1", targets: [{ queue: "WQ0000000000000000000000000000ffff" }] }],
        },
      },
      { task_routing: { filters: [{ expression: "a ==", targets: [{ queue: q }] }] } },
      { task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q, timeout: -1 }] }] } },
      { nope: 1 },
    ];
    for (const config of bad) {
      const configuration = typeof config === "string" ? config : JSON.stringify(config);
      let createError: unknown;
      try {
        h.exec({ type: "workflow.create", friendlyName: "x", configuration });
      } catch (error) {
        createError = error;
      }
      expect(createError, configuration).toBeInstanceOf(Error);
      expect(() => simulate(h, configuration)).toThrow((createError as Error).message);
    }
    expect(() => h.engine.simulateWorkflow({}, h.clock.now())).toThrow(
      /Missing required parameter Configuration/,
    );
    expect(() => simulate(h, { task_routing: {} }, { attributes: "[]" })).toThrow(/Attributes/);
    expect(() => simulate(h, { task_routing: {} }, { taskChannel: "fax" })).toThrow(/TaskChannel/);
  });

  it("simulates a stored workflow by WorkflowSid", () => {
    const h = new Harness();
    const q = h.queue("Q");
    const wf = h.workflow({ task_routing: { default_filter: { queue: q } } });
    expect(h.engine.simulateWorkflow({ workflowSid: wf }, h.clock.now()).outcome).toBe("waits in Q");
    expect(() => h.engine.simulateWorkflow({ workflowSid: "WW000" }, h.clock.now())).toThrow(/WorkflowSid/);
  });

  it("changes nothing: snapshot, timers, events and work counters are the same afterwards", () => {
    const h = new Harness();
    const q = h.queue("Q", "1==1", { maxReservedWorkers: 3 });
    for (const name of ["a", "b", "c"]) h.worker(name, { level: 2 });
    const wf = h.workflow({
      task_routing: {
        filters: [{ expression: "1==1", targets: [{ queue: q, timeout: 30, skip_if: "1==1" }] }],
      },
    });
    h.task({}, { workflowSid: wf, taskChannel: "voice" });
    const before = h.engine.snapshot();
    const wake = h.engine.nextWakeAt();
    const metrics = { ...h.engine.metrics };
    const events = h.log.length;
    const sim = h.engine.simulateWorkflow(
      { workflowSid: wf, attributes: '{"x":1}', priority: 3 },
      h.clock.now(),
    );
    expect(sim.steps[0]?.wouldReserve).toHaveLength(3);
    expect(h.engine.snapshot()).toEqual(before);
    expect(h.engine.nextWakeAt()).toBe(wake);
    expect(h.engine.metrics).toEqual(metrics);
    expect(h.log.length).toBe(events);
    expect(h.view.reservationsOfTask("WT-simulated")).toEqual([]);
  });
});

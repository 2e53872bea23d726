/** A workflow simulation (POST …/Workflows/Simulate) drawn as the path the task would take. */

interface SimStep {
  filter_name: string | null;
  is_default_filter: boolean;
  target_index: number;
  entered_by: string;
  entered_at_age: number;
  queue_name: string | null;
  timeout: number | null;
  members: number;
  eligible: number;
  would_reserve: Array<{ sid: string; friendly_name: string }>;
  exit: string;
}

export interface SimulationResult {
  filters: Array<{ pass: number; index: number; name: string | null; expression: string; result: string }>;
  steps: SimStep[];
  outcome: string;
  final_outcome: string;
  result: { kind: string; cause: string | null; at_age: number };
}

const ENTERED: Record<string, string> = {
  filter_match: "filter matched",
  next_filter: "next matching filter after a timeout",
  timeout: "previous step timed out",
  skip_if: "previous step skipped (skip_if)",
  default_filter: "default filter",
};

export function SimulationPath(props: { simulation: SimulationResult }) {
  const sim = props.simulation;
  return (
    <div class="simulation" aria-live="polite">
      <p class="outcome">
        <strong>At creation:</strong> {sim.outcome}
      </p>
      <ol class="path" aria-label="Simulated path">
        <li class="node start">Task created</li>
        {sim.steps.map((s, i) => (
          <li key={i} class={`node step exit-${s.exit}`}>
            <div class="node-title">
              {s.is_default_filter ? "default filter" : `Filter “${s.filter_name ?? "?"}”`} → target{" "}
              {s.target_index + 1}: <strong>{s.queue_name ?? "(worker)"}</strong>
            </div>
            <div class="node-meta">
              at {s.entered_at_age} s, {ENTERED[s.entered_by] ?? s.entered_by}; {s.members} members,{" "}
              {s.eligible} eligible
              {s.timeout !== null ? `; timeout ${s.timeout} s` : ""}
            </div>
            <div class="node-exit">
              {s.exit === "reserved"
                ? `reserves ${s.would_reserve.map((w) => w.friendly_name).join(", ")}`
                : s.exit === "waits"
                  ? "waits here"
                  : s.exit === "timeout"
                    ? "times out →"
                    : s.exit === "skip_if"
                      ? "skipped →"
                      : s.exit}
            </div>
          </li>
        ))}
        <li class={`node end result-${sim.result.kind}`}>
          <strong>{sim.result.kind}</strong>: {sim.final_outcome}
        </li>
      </ol>
      <details>
        <summary>Filters evaluated</summary>
        <ul>
          {sim.filters.map((f, i) => (
            <li key={i}>
              pass {f.pass}, filter {f.index + 1} “{f.name ?? ""}” (<code>{f.expression}</code>): {f.result}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** A task's event timeline (Events API, TaskSid filter) and "why is this task (not) assigned?". */
import { useEffect, useState } from "preact/hooks";
import { get, type Json, listAll, tl, ws } from "../../api/client.ts";

interface Explanation {
  summary: string;
  status: string;
  age_seconds?: number;
  position?: {
    filter_name: string | null;
    queue_name: string | null;
    step_seconds_left: number | null;
  } | null;
  filters?: Array<{
    index: number;
    name: string | null;
    expression: string;
    matches: boolean;
    current: boolean;
  }>;
  queue?: {
    queue_name: string;
    members: number;
    not_in_queue: number;
    eligible: { count: number; examples: Array<{ friendly_name: string }> };
    ineligible: Array<{
      reason: string;
      description: string;
      count: number;
      examples: Array<{ friendly_name: string }>;
    }>;
  } | null;
  reservations?: { total: number; by_status: Record<string, number> };
}

export function TaskDetail(props: { workspaceSid: string; task: Json }) {
  const { workspaceSid, task } = props;
  const sid = String(task.sid);
  const [events, setEvents] = useState<Json[] | null>(null);
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listAll<Json>(ws(workspaceSid, "Events"), "events", { TaskSid: sid, Minutes: 43200 }, 3)
      .then((list) => setEvents([...list].reverse()))
      .catch((e) => setError(String(e)));
    get<Explanation>(tl(workspaceSid, "Tasks", sid, "Explanation"), { Examples: 3 })
      .then(setExplanation)
      .catch((e) => setError(String(e)));
  }, [workspaceSid, sid, task]);

  return (
    <div class="grow">
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section class="panel" aria-labelledby="explain-title">
        <h3 id="explain-title">
          Why is this task {task.assignment_status === "assigned" ? "" : "not "}assigned?
        </h3>
        {explanation === null ? (
          <p>Loading…</p>
        ) : (
          <>
            <p class="summary">{explanation.summary}</p>
            {explanation.queue && (
              <>
                <p>
                  Queue <strong>{explanation.queue.queue_name}</strong>: {explanation.queue.members} members (
                  {explanation.queue.not_in_queue} workers not in the queue),{" "}
                  {explanation.queue.eligible.count} eligible
                  {names(explanation.queue.eligible.examples)}.
                </p>
                {explanation.queue.ineligible.length > 0 && (
                  <table class="grid" aria-label="Workers who cannot take the task">
                    <thead>
                      <tr>
                        <th scope="col">Reason</th>
                        <th scope="col">Workers</th>
                        <th scope="col">For example</th>
                      </tr>
                    </thead>
                    <tbody>
                      {explanation.queue.ineligible.map((g) => (
                        <tr key={g.reason}>
                          <td>{g.description}</td>
                          <td>{g.count}</td>
                          <td>{g.examples.map((e) => e.friendly_name).join(", ")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
            {explanation.filters && explanation.filters.length > 0 && (
              <ul aria-label="Workflow filters now">
                {explanation.filters.map((f) => (
                  <li key={f.index}>
                    {f.current ? "▶ " : ""}Filter “{f.name ?? f.index + 1}” <code>{f.expression}</code>:{" "}
                    {f.matches ? "matches" : "does not match"}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section class="panel" aria-labelledby="timeline-title">
        <h3 id="timeline-title">Timeline</h3>
        {events === null ? (
          <p>Loading…</p>
        ) : (
          <ol class="timeline">
            {events.map((e) => (
              <li key={String(e.sid)}>
                <time dateTime={String(e.event_date)}>
                  {new Date(Number(e.event_date_ms)).toLocaleTimeString()}
                </time>{" "}
                <strong>{String(e.event_type)}</strong> <span>{String(e.description ?? "")}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function names(examples: Array<{ friendly_name: string }>): string {
  return examples.length === 0 ? "" : ` (${examples.map((e) => e.friendly_name).join(", ")})`;
}

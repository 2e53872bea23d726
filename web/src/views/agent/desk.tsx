/** A connected worker: its activity, and each reservation with Accept / Reject, Wrap up, Complete. */
import { useEffect, useState } from "preact/hooks";
import type { SdkReservation, SdkWorker } from "./sdk.ts";

const RESERVATION_EVENTS = [
  "accepted",
  "rejected",
  "timeout",
  "canceled",
  "rescinded",
  "wrapup",
  "completed",
];

export function Desk(props: { worker: SdkWorker }) {
  const { worker } = props;
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [reservations, setReservations] = useState<SdkReservation[]>(() => [...worker.reservations.values()]);
  const bump = () => setVersion((v) => v + 1);

  useEffect(() => {
    worker.on("activityUpdated", bump);
    worker.on("reservationCreated", (reservation) => {
      for (const name of RESERVATION_EVENTS) reservation.on(name, bump);
      setReservations((list) => [reservation, ...list.filter((r) => r.sid !== reservation.sid)]);
    });
    for (const reservation of worker.reservations.values())
      for (const name of RESERVATION_EVENTS) reservation.on(name, bump);
  }, [worker]);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    bump();
  };
  const activities = [...worker.activities.values()];
  const available = activities.find((a) => a.available);

  return (
    <>
      <section class="panel" aria-labelledby="me-title">
        <h2 id="me-title">{worker.name}</h2>
        <p role="status">
          Activity: <strong data-testid="current-activity">{worker.activity.name}</strong>
        </p>
        <label for="agent-activity">Change activity</label>{" "}
        <select
          id="agent-activity"
          value={worker.activity.sid}
          onChange={(e) => {
            const chosen = worker.activities.get(e.currentTarget.value);
            if (chosen) void run(() => chosen.setAsCurrent());
          }}
        >
          {activities.map((a) => (
            <option key={a.sid} value={a.sid}>
              {a.name}
            </option>
          ))}
        </select>{" "}
        {available !== undefined && !worker.activity.available && (
          <button type="button" onClick={() => run(() => available.setAsCurrent())}>
            Go available
          </button>
        )}
      </section>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="res-title" aria-live="polite">
        <h2 id="res-title">Reservations</h2>
        {reservations.length === 0 && <p>No reservation yet. Go available to receive tasks.</p>}
        {reservations.map((r) => (
          <article key={r.sid} class="panel reservation" aria-label={`Reservation ${r.sid}`}>
            <h3>
              {r.task.queueName ?? "Task"} · <span data-testid="reservation-status">{r.status}</span>
            </h3>
            <p>
              Task <code>{r.task.sid}</code> on {r.task.taskChannelUniqueName}, task {r.task.status}
            </p>
            <dl class="attributes">
              {Object.entries(r.task.attributes ?? {}).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
            <div class="actions">
              {r.status === "pending" && (
                <>
                  <button type="button" onClick={() => run(() => r.accept())}>
                    Accept
                  </button>
                  <button type="button" class="secondary" onClick={() => run(() => r.reject())}>
                    Reject
                  </button>
                </>
              )}
              {r.status === "accepted" && r.task.status === "assigned" && (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => run(() => r.task.wrapUp({ reason: "wrap up" }))}
                >
                  Wrap up
                </button>
              )}
              {(r.status === "accepted" || r.status === "wrapping") &&
                (r.task.status === "assigned" || r.task.status === "wrapping") && (
                  <button
                    type="button"
                    onClick={() => run(() => r.task.complete("completed from the agent desktop"))}
                  >
                    Complete
                  </button>
                )}
            </div>
          </article>
        ))}
      </section>
    </>
  );
}

/**
 * The wallboard of one workspace. Everything comes from the public API; the event stream tells it
 * when to read again (one refresh for a burst of events, never a timer per widget), so a change
 * shows within a fraction of a second.
 */
import { useEffect, useState } from "preact/hooks";
import { HourChart } from "./chart.tsx";
import { withWaiting } from "./history.ts";
import { useLiveBoard } from "./use-live-board.ts";
import { serviceLevel } from "./wallboard-data.ts";

const STATUSES = ["pending", "reserved", "assigned", "wrapping"];

export function Wallboard(props: { workspaceSid: string }) {
  const { workspaceSid } = props;
  const [threshold, setThreshold] = useState(20);
  const { board, minutes, error, live } = useLiveBoard(workspaceSid, threshold);
  const [, setTick] = useState(0);
  // Only the clock of the "longest wait" moves between events: re-render, never re-read.
  useEffect(() => {
    const clock = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => window.clearInterval(clock);
  }, []);

  const elapsed = board === null ? 0 : Math.floor((Date.now() - board.at) / 1000);
  const sl = board === null ? null : serviceLevel(board.acceptedWithin, board.accepted);
  const waitingNow = (board?.byStatus.pending ?? 0) + (board?.byStatus.reserved ?? 0);

  return (
    <section aria-labelledby="wallboard-title">
      <header class="view-header">
        <h2 id="wallboard-title">Wallboard</h2>
        <span class={live ? "live on" : "live"} role="status">
          {live ? "Live" : "Connecting…"}
        </span>
        <label class="inline">
          Service level threshold (seconds){" "}
          <input
            type="number"
            min={1}
            max={3600}
            value={threshold}
            onChange={(e) => {
              const value = Number(e.currentTarget.value);
              if (Number.isInteger(value) && value > 0) setThreshold(value);
            }}
          />
        </label>
      </header>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {board === null ? (
        <p>Loading…</p>
      ) : (
        <>
          <div class="tiles">
            <Tile label="Tasks waiting" value={waitingNow} testId="tile-waiting" />
            {STATUSES.map((s) => (
              <Tile key={s} label={`Tasks ${s}`} value={board.byStatus[s] ?? 0} />
            ))}
            <Tile label={`Service level (${threshold} s, last hour)`} value={sl === null ? "–" : `${sl}%`} />
            <Tile label="Abandoned (last hour)" value={board.canceled} />
          </div>
          <h3>Queues</h3>
          <table class="grid" aria-label="Queues">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Waiting</th>
                <th scope="col">Longest wait</th>
                <th scope="col">Available workers</th>
                <th scope="col">Eligible workers</th>
                {STATUSES.map((s) => (
                  <th key={s} scope="col">
                    {s}
                  </th>
                ))}
                <th scope="col">Service level</th>
              </tr>
            </thead>
            <tbody>
              {board.queues.map((q) => {
                const level = serviceLevel(q.acceptedWithin, q.accepted);
                return (
                  <tr key={q.sid} data-queue={q.name}>
                    <th scope="row">{q.name}</th>
                    <td data-col="waiting">{q.waiting}</td>
                    <td>{q.waiting === 0 ? "–" : duration(q.longestWait + elapsed)}</td>
                    <td>{q.available}</td>
                    <td>{q.eligible}</td>
                    {STATUSES.map((s) => (
                      <td key={s}>{q.byStatus[s] ?? 0}</td>
                    ))}
                    <td>{level === null ? "–" : `${level}% (${q.acceptedWithin}/${q.accepted})`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="columns">
            <div>
              <h3>Workers by activity</h3>
              <table class="grid" aria-label="Workers by activity">
                <tbody>
                  {board.activities.map((a) => (
                    <tr key={a.name}>
                      <th scope="row">{a.name}</th>
                      <td>{a.workers}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">All workers</th>
                    <td>{board.totalWorkers}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <div class="grow">
              <h3>Last hour</h3>
              <HourChart minutes={withWaiting(minutes, waitingNow)} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Tile(props: { label: string; value: number | string; testId?: string }) {
  return (
    <div class="tile" data-testid={props.testId}>
      <div class="tile-value">{props.value}</div>
      <div class="tile-label">{props.label}</div>
    </div>
  );
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${seconds % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The last hour as an SVG: waiting tasks (line) and assignments per minute (bars). */
import type { Minute } from "./history.ts";

const W = 640;
const H = 170;
const PAD = { left: 34, right: 8, top: 10, bottom: 22 };

export function HourChart(props: { minutes: Minute[] }) {
  const minutes = props.minutes.slice(-60);
  const max = Math.max(1, ...minutes.map((m) => Math.max(m.waiting, m.assignments)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / 60;
  const offset = 60 - minutes.length;
  const x = (i: number) => PAD.left + (offset + i) * step;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const line = minutes.map((m, i) => `${x(i) + step / 2},${y(m.waiting)}`).join(" ");
  const last = minutes[minutes.length - 1];
  const totalAssignments = minutes.reduce((n, m) => n + m.assignments, 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Last hour: ${last?.waiting ?? 0} tasks waiting now, ${totalAssignments} assignments`}
      >
        <line class="axis" x1={PAD.left} y1={PAD.top + plotH} x2={W - PAD.right} y2={PAD.top + plotH} />
        <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={PAD.top + plotH} />
        <text class="tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
          {max}
        </text>
        <text class="tick" x={PAD.left - 4} y={PAD.top + plotH} text-anchor="end">
          0
        </text>
        <text class="tick" x={PAD.left} y={H - 4}>
          −60 min
        </text>
        <text class="tick" x={W - PAD.right} y={H - 4} text-anchor="end">
          now
        </text>
        {minutes.map((m, i) =>
          m.assignments === 0 ? null : (
            <rect
              key={m.start}
              class="bar"
              x={x(i) + 1}
              y={y(m.assignments)}
              width={Math.max(1, step - 2)}
              height={PAD.top + plotH - y(m.assignments)}
            />
          ),
        )}
        {minutes.length > 0 && <polyline class="line" points={line} />}
      </svg>
      <figcaption>
        <span class="key key-line" aria-hidden="true" /> waiting tasks{" "}
        <span class="key key-bar" aria-hidden="true" /> assignments per minute
      </figcaption>
    </figure>
  );
}

/** A worker's activity (change it), its reservations and its channels' capacity. */
import { useEffect, useState } from "preact/hooks";
import { type FormValue, type Json, listAll, messageOf, post, ws } from "../../api/client.ts";

export function WorkerDetail(props: { workspaceSid: string; worker: Json; onChanged: () => void }) {
  const { workspaceSid, worker } = props;
  const sid = String(worker.sid);
  const [activities, setActivities] = useState<Json[]>([]);
  const [reservations, setReservations] = useState<Json[] | null>(null);
  const [channels, setChannels] = useState<Json[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const fail = (e: unknown) => setError(messageOf(e));
    listAll<Json>(ws(workspaceSid, "Activities"), "activities").then(setActivities).catch(fail);
    listAll<Json>(ws(workspaceSid, "Workers", sid, "Reservations"), "reservations")
      .then(setReservations)
      .catch(fail);
    listAll<Json>(ws(workspaceSid, "Workers", sid, "Channels"), "channels")
      .then(setChannels)
      .catch(fail);
  }, [workspaceSid, sid, version, worker]);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setVersion((v) => v + 1);
      props.onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const updateChannel = (channelSid: string, form: Record<string, FormValue>) =>
    act(() => post(ws(workspaceSid, "Workers", sid, "Channels", channelSid), form));

  return (
    <div class="grow">
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section class="panel" aria-labelledby="activity-title">
        <h3 id="activity-title">Activity</h3>
        <label for="worker-activity">Current activity</label>{" "}
        <select
          id="worker-activity"
          value={String(worker.activity_sid)}
          onChange={(e) => {
            const value = e.currentTarget.value;
            void act(() => post(ws(workspaceSid, "Workers", sid), { ActivitySid: value }));
          }}
        >
          {activities.map((a) => (
            <option key={String(a.sid)} value={String(a.sid)}>
              {String(a.friendly_name)}
              {a.available ? " (available)" : ""}
            </option>
          ))}
        </select>
      </section>
      <section class="panel" aria-labelledby="channels-title">
        <h3 id="channels-title">Channels</h3>
        {channels === null ? (
          <p>Loading…</p>
        ) : (
          <table class="grid" aria-label="Channels">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Available</th>
                <th scope="col">Capacity</th>
                <th scope="col">Busy</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => {
                const channelSid = String(c.sid);
                const label = String(c.task_channel_unique_name);
                return (
                  <tr key={channelSid}>
                    <th scope="row">{label}</th>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${label} available`}
                        checked={c.available === true}
                        onChange={(e) => {
                          void updateChannel(channelSid, { Available: e.currentTarget.checked });
                        }}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={0}
                        aria-label={`${label} capacity`}
                        value={Number(c.configured_capacity)}
                        onChange={(e) => {
                          void updateChannel(channelSid, { Capacity: e.currentTarget.value });
                        }}
                      />
                    </td>
                    <td>
                      {String(c.assigned_tasks ?? 0)} assigned,{" "}
                      {String(c.available_capacity_percentage ?? "")}% free
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" aria-labelledby="reservations-title">
        <h3 id="reservations-title">Reservations</h3>
        {reservations === null ? (
          <p>Loading…</p>
        ) : reservations.length === 0 ? (
          <p>No reservations.</p>
        ) : (
          <table class="grid" aria-label="Reservations">
            <thead>
              <tr>
                <th scope="col">Reservation</th>
                <th scope="col">Task</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {reservations.map((r) => (
                <tr key={String(r.sid)}>
                  <td>
                    <code>{String(r.sid)}</code>
                  </td>
                  <td>
                    <code>{String(r.task_sid)}</code>
                  </td>
                  <td>{String(r.reservation_status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

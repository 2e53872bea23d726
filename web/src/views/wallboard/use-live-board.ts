/**
 * The wallboard's data, kept live: the figures (re-read once per burst of events, 50 ms after the
 * first; one read in flight at a time) and the chart's minutes (from RecentActivity, then each
 * event). The stream starts where RecentActivity ended, so no event is counted twice.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { subscribe } from "../../api/stream.ts";
import { addEvent, loadHistory, type Minute } from "./history.ts";
import { type Board, loadBoard } from "./wallboard-data.ts";

export interface LiveBoard {
  board: Board | null;
  minutes: Minute[];
  error: string | null;
  live: boolean;
}

export function useLiveBoard(workspaceSid: string, threshold: number): LiveBoard {
  const [board, setBoard] = useState<Board | null>(null);
  const [minutes, setMinutes] = useState<Minute[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const refresh = useRef<() => void>(() => {});

  useEffect(() => {
    let stopped = false;
    let running = false;
    let again = false;
    let timer: number | undefined;
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const next = await loadBoard(workspaceSid, threshold);
        if (!stopped) {
          setBoard(next);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(String(e));
      } finally {
        running = false;
        if (again && !stopped) {
          again = false;
          void run();
        }
      }
    };
    refresh.current = () => {
      if (timer === undefined)
        timer = window.setTimeout(() => {
          timer = undefined;
          void run();
        }, 50);
    };
    let unsubscribe = () => {};
    void (async () => {
      try {
        const history = await loadHistory(workspaceSid);
        if (stopped) return;
        setMinutes(history.minutes);
        let connectedBefore = false;
        unsubscribe = subscribe(
          workspaceSid,
          history.lastSequence,
          (event) => {
            setMinutes((m) => addEvent(m, event));
            refresh.current();
          },
          (connected) => {
            setLive(connected);
            // Back after a drop: the stream resumes from the last event, the figures are re-read.
            if (connected && connectedBefore) refresh.current();
            connectedBefore = connectedBefore || connected;
          },
        );
      } catch (e) {
        setError(String(e));
      }
      await run();
    })();
    return () => {
      stopped = true;
      unsubscribe();
      if (timer !== undefined) window.clearTimeout(timer);
      setLive(false);
    };
  }, [workspaceSid, threshold]);
  return { board, minutes, error, live };
}

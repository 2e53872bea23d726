/**
 * Cumulative statistics of every workspace of the server: fed with each committed batch of events
 * (in commit order, right after the commit and before the caller hears back), rebuilt from the
 * stored event log when the server starts. Keeps the last 30 days; older StartDates are clamped.
 */
import type { DomainEvent } from "../../domain/event-types.ts";
import type { Store } from "../../store/port.ts";
import { factOf } from "./facts.ts";
import type { Summary } from "./summary.ts";
import { RETENTION_MS, WorkspaceHistory } from "./workspace-history.ts";

export interface CumulativeQuery {
  /** "ws", "q:WQ…", "wf:WW…" or "wk:WK…". */
  scope: string;
  channelSid?: string | undefined;
  /** Epoch ms, both inclusive. */
  start: number;
  end: number;
  /** Keep the wait values (SplitByWaitTime). */
  withWaits?: boolean;
}

const LOAD_PAGE = 5_000;

export class CumulativeStatistics {
  private readonly histories = new Map<string, WorkspaceHistory>();

  private history(workspaceSid: string): WorkspaceHistory {
    let h = this.histories.get(workspaceSid);
    if (!h) {
      h = new WorkspaceHistory();
      this.histories.set(workspaceSid, h);
    }
    return h;
  }

  /** Adds committed events of one workspace (commit order). Never throws: it runs in the writer. */
  ingest(workspaceSid: string, events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    const h = this.history(workspaceSid);
    for (const event of events) {
      try {
        const fact = factOf(event, Math.max(event.timestamp, h.lastTime), h.queueOf);
        if (fact) h.append(fact);
      } catch {
        // A malformed event is skipped rather than disturbing the writer.
      }
    }
    h.prune(h.lastTime - RETENTION_MS);
  }

  drop(workspaceSid: string): void {
    this.histories.delete(workspaceSid);
  }

  /** Rebuilds the history of the given workspaces from the stored event log. */
  async load(store: Store, workspaceSids: readonly string[], now: number): Promise<void> {
    for (const sid of workspaceSids) {
      this.histories.delete(sid);
      const h = this.history(sid);
      const cutoff = now - RETENTION_MS;
      let after = 0;
      for (;;) {
        const page = await store.listEvents(sid, { afterSequence: after, limit: LOAD_PAGE });
        for (const event of page) {
          const fact = factOf(event, Math.max(event.timestamp, h.lastTime), h.queueOf);
          if (fact && fact.t >= cutoff) h.append(fact);
        }
        const last = page.at(-1);
        if (!last || page.length < LOAD_PAGE) break;
        after = last.sequence;
      }
    }
  }

  /** Counters and measures of one scope (narrowed to a channel when given) over [start, end]. */
  summarize(workspaceSid: string, q: CumulativeQuery): Summary {
    const h = this.history(workspaceSid);
    const key = q.channelSid === undefined ? q.scope : `${q.scope}|${q.channelSid}`;
    const out = h.summarize(key, q.start, q.end, q.withWaits ?? false);
    if (q.channelSid !== undefined) {
      // Activity durations have no channel: they come from the scope itself.
      const base = h.summarize(q.scope, q.start, q.end, false);
      out.activities.clear();
      for (const [activity, agg] of base.activities) out.activities.set(activity, agg);
    }
    return out;
  }
}

/**
 * Live fan-out of committed events per workspace, for in-process listeners such as the event
 * stream. Listeners are called after the commit, in commit order, synchronously: they must not
 * block (queue the work). A listener that throws is dropped so it cannot disturb the writer.
 */
import type { StoredEvent } from "../store/port.ts";

export type FeedListener = (events: readonly StoredEvent[]) => void;

export class EventFeed {
  private readonly listeners = new Map<string, Set<FeedListener>>();

  /** Listen to one workspace's committed events; returns the unsubscribe function. */
  subscribe(workspaceSid: string, listener: FeedListener): () => void {
    let set = this.listeners.get(workspaceSid);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(workspaceSid, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workspaceSid) === set) this.listeners.delete(workspaceSid);
    };
  }

  /** Listeners of every workspace (event streams and worker-socket feeds; for /metrics). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  publish(workspaceSid: string, events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    for (const listener of [...(this.listeners.get(workspaceSid) ?? [])]) {
      try {
        listener(events);
      } catch {
        this.listeners.get(workspaceSid)?.delete(listener);
      }
    }
  }
}

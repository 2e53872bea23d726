/**
 * A live, resumable event stream of one workspace over server-sent events.
 *
 *   id: <sequence>            the event's per-workspace sequence number (1, 2, 3, ...)
 *   event: <event type>       e.g. reservation.created
 *   data: <JSON>              the Events API form of the event, plus `sequence`
 *
 * Resuming: the client sends `Last-Event-ID: n` (browsers' EventSource does it on reconnect) or
 * `?after=n` and gets every event after n, then live ones, without gaps or duplicates:
 *   1. subscribe to the live feed first, buffering what arrives;
 *   2. replay from the store everything after n (in pages);
 *   3. flush the buffer, skipping what the replay already sent (sequence <= last sent);
 *   4. live: send each event with sequence > last sent; a gap (should not happen, but a pruned or
 *      slow path must not lose events) is filled from the store before going on.
 * Idle streams get a comment line every heartbeatMs (15 s, or `?heartbeat=<seconds>`). Events pruned by retention cannot be replayed.
 */
import type { ServerResponse } from "node:http";
import type { FeedListener } from "../../runtime/event-feed.ts";
import type { Store, StoredEvent } from "../../store/port.ts";
import { continuesFrom, type EventFrames } from "./frames.ts";

export interface StreamOptions {
  response: ServerResponse;
  store: Store;
  subscribe: (listener: FeedListener) => () => void;
  workspaceSid: string;
  after: number;
  heartbeatMs: number;
  /** Frames shared by every stream of the workspace (./frames.ts). */
  frames: EventFrames;
}

const PAGE = 500;
/** A reader this far behind (bytes queued on its socket) is cut off; it resumes with Last-Event-ID. */
export const MAX_UNREAD_BYTES = 8 * 1024 * 1024;

export class EventStream {
  private last: number;
  private buffer: StoredEvent[] | null = [];
  private unsubscribe: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  /** Serialises replay and live writes so events leave in sequence order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: StreamOptions) {
    this.last = options.after;
  }

  async open(): Promise<void> {
    const { response } = this.options;
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    response.write("retry: 1000\n\n");
    response.on("close", () => this.close());
    this.unsubscribe = this.options.subscribe((events) => this.onLive(events));
    this.heartbeat = setInterval(() => this.write(": heartbeat\n\n"), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.chain = this.chain.then(async () => {
      await this.replay();
      const buffered = this.buffer ?? [];
      this.buffer = null;
      await this.sendInOrder(buffered);
    });
    await this.chain.catch(() => this.close());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.options.response.end();
  }

  private onLive(events: readonly StoredEvent[]): void {
    if (this.closed) return;
    if (this.options.response.writableLength > MAX_UNREAD_BYTES) {
      this.close();
      return;
    }
    if (this.buffer !== null) {
      this.buffer.push(...events);
      return;
    }
    this.chain = this.chain.then(() => this.sendInOrder(events)).catch(() => this.close());
  }

  private async sendInOrder(events: readonly StoredEvent[]): Promise<void> {
    if (!this.closed && continuesFrom(this.last, events)) {
      // The usual live case: the commit follows what was sent; one shared string, one write.
      const lastEvent = events[events.length - 1];
      if (lastEvent !== undefined) this.last = lastEvent.sequence;
      await this.writeFrames(this.options.frames.ofBatch(events));
      return;
    }
    for (const event of events) {
      if (this.closed) return;
      if (event.sequence <= this.last) continue;
      if (event.sequence > this.last + 1) await this.replay(event.sequence - 1);
      // Still a gap after the replay: those events were pruned; go on with this one.
      if (event.sequence > this.last) await this.send(event);
    }
  }

  /** Sends stored events after `last`, up to `until` when given. */
  private async replay(until = Number.POSITIVE_INFINITY): Promise<void> {
    while (!this.closed && this.last < until) {
      const page = await this.options.store.listEvents(this.options.workspaceSid, {
        afterSequence: this.last,
        limit: PAGE,
      });
      for (const event of page) {
        if (event.sequence > until) return;
        await this.send(event);
      }
      if (page.length < PAGE) return;
    }
  }

  private async send(event: StoredEvent): Promise<void> {
    this.last = event.sequence;
    await this.writeFrames(this.options.frames.of(event));
  }

  /** Writes, then waits for the socket to drain when its buffer is full (a slow reader). */
  private async writeFrames(text: string): Promise<void> {
    if (!this.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.options.response.off("drain", done);
          this.options.response.off("close", done);
          resolve();
        };
        this.options.response.on("drain", done);
        this.options.response.on("close", done);
      });
    }
  }

  private write(text: string): boolean {
    if (this.closed) return true;
    return this.options.response.write(text);
  }
}

/** The resume point: `?after=n` wins over `Last-Event-ID`; null when either is not a whole number. */
export function resumePoint(after: string | undefined, lastEventId: string | undefined): number | null {
  const raw = after ?? lastEventId;
  if (raw === undefined || raw.trim() === "") return 0;
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

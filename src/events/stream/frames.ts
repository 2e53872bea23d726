/**
 * Server-sent event frames, built once per event for every stream of a workspace: live events reach
 * each subscriber as the same objects (src/runtime/event-feed.ts), so a frame is cached on the event
 * object and a whole commit's frames on its array. With many subscribers the cost of an event is one
 * serialisation plus one socket write per subscriber, not one JSON.stringify each.
 */
import type { StoredEvent } from "../../store/port.ts";

export class EventFrames {
  private readonly single = new WeakMap<StoredEvent, string>();
  private readonly batches = new WeakMap<readonly StoredEvent[], string>();

  constructor(private readonly render: (event: StoredEvent) => Record<string, unknown>) {}

  /** `id: <sequence>`, `event: <type>`, `data: <JSON>` and the blank line that ends the frame. */
  of(event: StoredEvent): string {
    let frame = this.single.get(event);
    if (frame === undefined) {
      const data = JSON.stringify({ ...this.render(event), sequence: event.sequence });
      frame = `id: ${event.sequence}\nevent: ${event.eventType}\ndata: ${data}\n\n`;
      this.single.set(event, frame);
    }
    return frame;
  }

  /** The frames of a commit's events, in order, as one string (one write per subscriber). */
  ofBatch(events: readonly StoredEvent[]): string {
    let frames = this.batches.get(events);
    if (frames === undefined) {
      frames = events.map((event) => this.of(event)).join("");
      this.batches.set(events, frames);
    }
    return frames;
  }
}

/** Whether `events` continue right after `last` without a gap (so the batch frame can be sent whole). */
export function continuesFrom(last: number, events: readonly StoredEvent[]): boolean {
  for (let i = 0; i < events.length; i++) {
    if (events[i]?.sequence !== last + 1 + i) return false;
  }
  return events.length > 0;
}

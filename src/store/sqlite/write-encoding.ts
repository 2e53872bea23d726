/**
 * Batches to the writer's plain form (./write-connection.ts), on the event loop: documents, fields
 * and callback parameters become JSON here, so the caller may change its objects once `commitGroup`
 * returned its promise, and the writer thread receives strings and numbers only.
 */
import type { CommitBatch, StoredEvent } from "../port.ts";
import { toSqliteText } from "./text.ts";
import type { EncodedBatch, EncodedEvent } from "./write-connection.ts";

export function encodeBatch(batch: CommitBatch): EncodedBatch {
  const upserts: string[] = [];
  for (const item of batch.upserts) upserts.push(item.kind, item.sid, JSON.stringify(item.entity));
  const deletes: string[] = [];
  for (const ref of batch.deletes) deletes.push(ref.kind, ref.sid);
  const events = batch.events.map(
    (event): EncodedEvent => [
      event.sid,
      event.eventType,
      event.resourceSid,
      toSqliteText(event.description),
      event.timestamp,
      JSON.stringify(event.fields),
    ],
  );
  const outbox: EncodedBatch["outbox"] = [];
  const requests = batch.outbox ?? [];
  if (requests.length > 0) {
    const index = new Map(batch.events.map((event, i) => [event.sid, i]));
    for (const request of requests) {
      const at = index.get(request.eventSid);
      if (at !== undefined) outbox.push([at, toSqliteText(request.url), JSON.stringify(request.params)]);
    }
  }
  return { workspaceSid: batch.workspaceSid, upserts, deletes, events, outbox };
}

/** The batch's events as stored, numbered from `first` (what the writer answered for it). */
export function storedEvents(batch: CommitBatch, first: number): StoredEvent[] {
  const ws = batch.workspaceSid;
  return batch.events.map((event, i) => ({ ...event, workspaceSid: ws, sequence: first + i }));
}

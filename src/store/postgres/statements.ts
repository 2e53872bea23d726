/**
 * A commit's batches, encoded when `commitGroup` is called (documents as jsonb parameters, events
 * and callbacks copied), for the one statement of ./group-statement.ts.
 */
import type { CommitBatch, OutboxRequest, StoredEntity } from "../port.ts";
import { type JsonParam, jsonParam } from "./codec.ts";

/** A batch with its documents already encoded and its events and callbacks copied. */
export interface EncodedBatch {
  workspaceSid: string;
  upserts: EncodedEntity[];
  deletes: CommitBatch["deletes"];
  events: CommitBatch["events"];
  outbox: OutboxRequest[];
}

interface EncodedEntity {
  kind: string;
  sid: string;
  document: JsonParam;
}

export function encodeBatch(batch: CommitBatch): EncodedBatch {
  // One row per key (the last write wins): ON CONFLICT cannot touch the same row twice in a statement.
  const byKey = new Map<string, StoredEntity>();
  for (const item of batch.upserts) byKey.set(`${item.kind}:${item.sid}`, item);
  return {
    workspaceSid: batch.workspaceSid,
    upserts: [...byKey.values()].map((item) => ({
      kind: item.kind,
      sid: item.sid,
      document: jsonParam(item.entity),
    })),
    deletes: batch.deletes.map((ref) => ({ ...ref })),
    events: structuredClone(batch.events),
    outbox: structuredClone(batch.outbox ?? []),
  };
}

/**
 * The SQL of one commit. Each statement handles a whole batch (arrays through unnest), so a commit
 * costs a fixed number of round trips whatever its size.
 */
import type pg from "pg";
import type { CommitBatch, OutboxEntry, OutboxRequest, StoredEntity, StoredEvent } from "../port.ts";
import { duplicateEvent } from "../store-errors.ts";
import { type JsonParam, jsonParam, sqlParams } from "./codec.ts";
import { sqlState } from "./connection.ts";

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

export async function upsertEntities(client: pg.ClientBase, workspaceSid: string, rows: EncodedEntity[]) {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO entities (workspace_sid, kind, sid, document)
     SELECT $1, kind, sid, document FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS t(kind, sid, document)
     ON CONFLICT (workspace_sid, kind, sid) DO UPDATE SET document = excluded.document`,
    sqlParams([workspaceSid, rows.map((r) => r.kind), rows.map((r) => r.sid), rows.map((r) => r.document)]),
  );
}

export async function deleteEntities(client: pg.ClientBase, batch: EncodedBatch) {
  if (batch.deletes.length === 0) return;
  await client.query(
    `DELETE FROM entities WHERE workspace_sid = $1
       AND (kind, sid) IN (SELECT kind, sid FROM unnest($2::text[], $3::text[]) AS t(kind, sid))`,
    sqlParams([batch.workspaceSid, batch.deletes.map((r) => r.kind), batch.deletes.map((r) => r.sid)]),
  );
}

/**
 * Reserves `count` sequence numbers for a workspace and returns the first. The upsert takes the
 * workspace's row lock until the transaction ends, so concurrent commits of one workspace get
 * disjoint, gap-free ranges in commit order.
 */
export async function reserveSequences(client: pg.ClientBase, workspaceSid: string, count: number) {
  const { rows } = await client.query<{ last_sequence: string }>(
    `INSERT INTO event_sequences (workspace_sid, last_sequence) VALUES ($1, $2)
     ON CONFLICT (workspace_sid) DO UPDATE SET last_sequence = event_sequences.last_sequence + excluded.last_sequence
     RETURNING last_sequence`,
    sqlParams([workspaceSid, count]),
  );
  return Number(rows[0]?.last_sequence) - count + 1;
}

export async function insertEvents(client: pg.ClientBase, events: StoredEvent[]) {
  if (events.length === 0) return;
  try {
    await client.query(
      `INSERT INTO events (workspace_sid, sequence, sid, event_type, resource_sid, description, timestamp_ms, fields)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::jsonb[])`,
      sqlParams([
        events.map((e) => e.workspaceSid),
        events.map((e) => e.sequence),
        events.map((e) => e.sid),
        events.map((e) => e.eventType),
        events.map((e) => e.resourceSid),
        events.map((e) => e.description),
        events.map((e) => e.timestamp),
        events.map((e) => jsonParam(e.fields)),
      ]),
    );
  } catch (error) {
    if (sqlState(error) !== "23505") throw error;
    // "Key (sid)=(EV…) already exists."; fall back to the first SID of the batch.
    const detail = (error as { detail?: string }).detail ?? "";
    throw duplicateEvent(/\(sid\)=\(([^)]+)\)/.exec(detail)?.[1] ?? events[0]?.sid ?? "?");
  }
}

export async function insertOutbox(client: pg.ClientBase, entries: OutboxEntry[]) {
  if (entries.length === 0) return;
  await client.query(
    `INSERT INTO event_outbox (workspace_sid, sequence, event_sid, url, params, created_at)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[])`,
    sqlParams([
      entries.map((e) => e.workspaceSid),
      entries.map((e) => e.sequence),
      entries.map((e) => e.eventSid),
      entries.map((e) => e.url),
      entries.map((e) => jsonParam(e.params)),
      entries.map((e) => e.createdAt),
    ]),
  );
}

/**
 * A whole group commit in ONE statement (one round trip between BEGIN and COMMIT, whatever the
 * number of workspaces and batches): data-modifying CTEs upsert and delete the entities, reserve
 * each workspace's sequence numbers (the event_sequences upsert, whose row lock orders concurrent
 * commits of one workspace), and insert the events and the outbox numbered from them.
 *
 * One statement cannot touch a row twice, so the batches are first merged per workspace: entities
 * by key, the last write winning (an upsert after a delete of the same key is an upsert, and the
 * other way round); events and callbacks concatenated in batch order, so each batch's events are
 * numbered after those of the workspace's earlier batches, as the port asks.
 */
import type pg from "pg";
import type { StoredEvent } from "../port.ts";
import { duplicateEvent } from "../store-errors.ts";
import { type JsonParam, jsonParam, sqlParams } from "./codec.ts";
import { sqlState } from "./connection.ts";
import type { EncodedBatch } from "./statements.ts";

const GROUP_SQL = `WITH
up AS (
  INSERT INTO entities (workspace_sid, kind, sid, document)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
  ON CONFLICT (workspace_sid, kind, sid) DO UPDATE SET document = excluded.document
),
del AS (
  DELETE FROM entities e USING unnest($5::text[], $6::text[], $7::text[]) AS d(workspace_sid, kind, sid)
  WHERE e.workspace_sid = d.workspace_sid AND e.kind = d.kind AND e.sid = d.sid
),
seq AS (
  INSERT INTO event_sequences (workspace_sid, last_sequence)
  SELECT * FROM unnest($8::text[], $9::bigint[])
  ON CONFLICT (workspace_sid) DO UPDATE SET last_sequence = event_sequences.last_sequence + excluded.last_sequence
  RETURNING workspace_sid, last_sequence
),
ev AS (
  INSERT INTO events (workspace_sid, sequence, sid, event_type, resource_sid, description, timestamp_ms, fields)
  SELECT e.workspace_sid, s.last_sequence - e.from_end, e.sid, e.event_type, e.resource_sid, e.description, e.timestamp_ms, e.fields
  FROM unnest($10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::bigint[], $17::jsonb[])
    AS e(workspace_sid, from_end, sid, event_type, resource_sid, description, timestamp_ms, fields)
  JOIN seq s USING (workspace_sid)
),
ob AS (
  INSERT INTO event_outbox (workspace_sid, sequence, event_sid, url, params, created_at)
  SELECT o.workspace_sid, s.last_sequence - o.from_end, o.event_sid, o.url, o.params, o.created_at
  FROM unnest($18::text[], $19::bigint[], $20::text[], $21::text[], $22::jsonb[], $23::bigint[])
    AS o(workspace_sid, from_end, event_sid, url, params, created_at)
  JOIN seq s USING (workspace_sid)
)
SELECT workspace_sid, last_sequence FROM seq`;

interface Merged {
  entities: Map<string, { kind: string; sid: string; document: JsonParam | null }>;
  events: EncodedBatch["events"];
  outbox: Array<{ eventIndex: number; url: string; params: JsonParam; createdAt: number }>;
}

/** Commits the group's batches on `client` (inside its transaction); returns each batch's stored events. */
export async function commitGroupStatement(
  client: pg.ClientBase,
  batches: readonly EncodedBatch[],
): Promise<StoredEvent[][]> {
  const merged = new Map<string, Merged>();
  /** Per batch: its workspace and the index of its first event among the workspace's events. */
  const offsets: number[] = [];
  for (const batch of batches) {
    let m = merged.get(batch.workspaceSid);
    if (m === undefined) {
      m = { entities: new Map(), events: [], outbox: [] };
      merged.set(batch.workspaceSid, m);
    }
    for (const item of batch.upserts)
      m.entities.set(`${item.kind}:${item.sid}`, { kind: item.kind, sid: item.sid, document: item.document });
    for (const ref of batch.deletes)
      m.entities.set(`${ref.kind}:${ref.sid}`, { kind: ref.kind, sid: ref.sid, document: null });
    const start = m.events.length;
    offsets.push(start);
    const index = new Map(batch.events.map((event, i) => [event.sid, start + i]));
    for (const request of batch.outbox) {
      const at = index.get(request.eventSid);
      const event = batch.events[(at ?? 0) - start];
      if (at === undefined || event === undefined) continue;
      m.outbox.push({
        eventIndex: at,
        url: request.url,
        params: jsonParam(request.params),
        createdAt: event.timestamp,
      });
    }
    m.events.push(...batch.events);
  }

  const up: [string[], string[], string[], JsonParam[]] = [[], [], [], []];
  const del: [string[], string[], string[]] = [[], [], []];
  const seq: [string[], number[]] = [[], []];
  const ev: [string[], number[], string[], string[], string[], string[], number[], JsonParam[]] = [
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    [],
  ];
  const ob: [string[], number[], string[], string[], JsonParam[], number[]] = [[], [], [], [], [], []];
  for (const [ws, m] of merged) {
    for (const entity of m.entities.values()) {
      if (entity.document === null) {
        del[0].push(ws);
        del[1].push(entity.kind);
        del[2].push(entity.sid);
      } else {
        up[0].push(ws);
        up[1].push(entity.kind);
        up[2].push(entity.sid);
        up[3].push(entity.document);
      }
    }
    const n = m.events.length;
    if (n === 0) continue;
    seq[0].push(ws);
    seq[1].push(n);
    m.events.forEach((event, i) => {
      ev[0].push(ws);
      ev[1].push(n - 1 - i);
      ev[2].push(event.sid);
      ev[3].push(event.eventType);
      ev[4].push(event.resourceSid);
      ev[5].push(event.description);
      ev[6].push(event.timestamp);
      ev[7].push(jsonParam(event.fields));
    });
    for (const entry of m.outbox) {
      const event = m.events[entry.eventIndex];
      if (event === undefined) continue;
      ob[0].push(ws);
      ob[1].push(n - 1 - entry.eventIndex);
      ob[2].push(event.sid);
      ob[3].push(entry.url);
      ob[4].push(entry.params);
      ob[5].push(entry.createdAt);
    }
  }

  let rows: Array<{ workspace_sid: string; last_sequence: string }>;
  try {
    rows = (await client.query(GROUP_SQL, sqlParams([...up, ...del, ...seq, ...ev, ...ob]))).rows;
  } catch (error) {
    if (sqlState(error) !== "23505") throw error;
    // "Key (sid)=(EV…) already exists."; fall back to the first SID of the group.
    const detail = (error as { detail?: string }).detail ?? "";
    const first = batches.find((b) => b.events.length > 0)?.events[0]?.sid;
    throw duplicateEvent(/\(sid\)=\(([^)]+)\)/.exec(detail)?.[1] ?? first ?? "?");
  }
  const last = new Map(rows.map((row) => [row.workspace_sid, Number(row.last_sequence)]));
  return batches.map((batch, b) => {
    const m = merged.get(batch.workspaceSid);
    const first = (last.get(batch.workspaceSid) ?? 0) - (m?.events.length ?? 0) + 1 + (offsets[b] ?? 0);
    return batch.events.map((event, i) => ({
      ...event,
      workspaceSid: batch.workspaceSid,
      sequence: first + i,
    }));
  });
}

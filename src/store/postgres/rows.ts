/**
 * Row types (snake_case, as the tables have them) and their mapping to domain records. The driver
 * returns bigint columns as strings and jsonb columns already parsed.
 */
import { EVENT_TYPES, type EventType } from "../../domain/event-types.ts";
import type { ApiKeyRecord, OutboxEntry, StoredEntity, StoredEvent } from "../port.ts";
import { isEntityKind } from "../snapshot.ts";
import { StoreError } from "../store-errors.ts";

type BigintText = string;

export interface EntityRow {
  workspace_sid: string;
  kind: string;
  sid: string;
  document: unknown;
}

export interface EventRow {
  workspace_sid: string;
  sequence: BigintText;
  sid: string;
  event_type: string;
  resource_sid: string;
  description: string;
  timestamp_ms: BigintText;
  fields: Record<string, string>;
}

export interface OutboxRow {
  workspace_sid: string;
  sequence: BigintText;
  event_sid: string;
  url: string;
  params: Record<string, string>;
  created_at: BigintText;
}

export interface ApiKeyRow {
  sid: string;
  account_sid: string;
  friendly_name: string;
  secret: string;
  date_created: BigintText;
  date_updated: BigintText;
}

export function rowToEntity(row: EntityRow): StoredEntity {
  if (!isEntityKind(row.kind)) throw new StoreError(`unknown entity kind "${row.kind}" for ${row.sid}`);
  return { kind: row.kind, sid: row.sid, entity: row.document } as StoredEntity;
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    workspaceSid: row.workspace_sid,
    sequence: Number(row.sequence),
    sid: row.sid,
    eventType: row.event_type as EventType,
    resourceType: EVENT_TYPES[row.event_type as EventType],
    resourceSid: row.resource_sid,
    description: row.description,
    timestamp: Number(row.timestamp_ms),
    fields: row.fields,
  };
}

export function rowToOutbox(row: OutboxRow): OutboxEntry {
  return {
    workspaceSid: row.workspace_sid,
    sequence: Number(row.sequence),
    eventSid: row.event_sid,
    url: row.url,
    params: row.params,
    createdAt: Number(row.created_at),
  };
}

export function rowToApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    sid: row.sid,
    accountSid: row.account_sid,
    friendlyName: row.friendly_name,
    secret: row.secret,
    dateCreated: Number(row.date_created),
    dateUpdated: Number(row.date_updated),
  };
}
